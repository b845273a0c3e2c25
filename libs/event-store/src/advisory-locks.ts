/**
 * An SQL boolean: whether a session holds the advisory lock of a key (a text SQL expression, taken
 * as `pg_advisory_lock(hashtextextended(key, 0))` takes it) in this database. Advisory locks are
 * per database, so a lock of the same key in another database of the server is another
 * deployment's and does not count.
 */
export function advisoryLockHeld(keyExpr: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(${keyExpr}, 0))`;
}
