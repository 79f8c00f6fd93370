CREATE TYPE "public"."audit_event" AS ENUM('sign_in', 'sign_in_failed', 'token_issued', 'sign_out', 'sessions_revoked', 'account_deactivated', 'account_activated', 'appointment_booked', 'appointment_changed');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"event" "audit_event" NOT NULL,
	"username" text,
	"session_id" uuid,
	"patient_id" text,
	"appointment_id" bigint,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"key_deleted_at" timestamp with time zone,
	CONSTRAINT "sessions_revocation" CHECK (("sessions"."revoked_at" is null) = ("sessions"."revoked_reason" is null) and "sessions"."revoked_reason" in ('sign_out', 'revoke_all', 'deactivated'))
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_username_accounts_username_fk" FOREIGN KEY ("username") REFERENCES "public"."accounts"("username") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_username" ON "audit_events" USING btree ("username","id");--> statement-breakpoint
CREATE INDEX "audit_events_patient" ON "audit_events" USING btree ("patient_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_token_scope" ON "audit_events" USING btree (("details"->'scope'->>'attribute'),("details"->'scope'->>'id')) WHERE "audit_events"."event" = 'token_issued';--> statement-breakpoint
CREATE INDEX "rate_limits_expire" ON "rate_limits" USING btree ("expire");--> statement-breakpoint
CREATE INDEX "sessions_username" ON "sessions" USING btree ("username");--> statement-breakpoint
CREATE INDEX "sessions_expires_at" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_revoked_key_pending" ON "sessions" USING btree ("id") WHERE "sessions"."revoked_at" is not null and "sessions"."key_deleted_at" is null;