// The lock ids are lib/db/transaction.ts's ADVISORY_LOCKS. This path stays only while scripts/
// imports it; delete it once the rebuild takes the lock with withAdvisoryLock("searchSync", …).
export { SEARCH_SYNC_LOCK } from "../db/transaction";
