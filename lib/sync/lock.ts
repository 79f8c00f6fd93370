import "server-only";

/**
 * Postgres advisory lock held by whoever writes to the live index from the outbox, and by a full
 * rebuild (seed, reindex) from the moment it reads Postgres until its swap is done. So an outbox
 * batch can never land in the old index just before a rebuilt one replaces it: changes committed
 * during a rebuild wait in the outbox and go to the new index afterwards. Any number of app
 * instances can run the worker; one at a time holds the lock and sends, in commit order.
 */
export const SEARCH_SYNC_LOCK = 0x5ea7c4;
