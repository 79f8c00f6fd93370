-- audit_events is append-only for everyone who connects, the app's own role included: rows can be
-- inserted and read, never changed or removed. A trigger holds even for the table's owner (REVOKE
-- does not bind an owner); the REVOKE covers every other role. Only someone who may drop the
-- trigger (the owner or a superuser, via DDL) can get round it: in production, let a separate
-- role own the schema and give the app's role INSERT and SELECT only.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC;
