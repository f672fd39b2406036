import { Knex } from 'knex';
import { AuditQuery } from './types';

/**
 * The compliance export's filter on the entries table, oldest first: a
 * time range, an actor (user entity ref or Jenkins user name), an
 * environment (ignoring case) and actions.
 */
export function exportQuery<Row extends {}>(
  q: Knex.QueryBuilder<Row, Row[]>,
  query: AuditQuery,
): Knex.QueryBuilder<Row, Row[]> {
  q.orderBy([
    { column: 'time_ms', order: 'asc' },
    { column: 'id', order: 'asc' },
  ]).limit(query.limit);
  if (query.fromMs !== undefined) {
    q.where('time_ms', '>=', query.fromMs);
  }
  if (query.toMs !== undefined) {
    q.where('time_ms', '<', query.toMs);
  }
  if (query.actor) {
    const actor = query.actor;
    q.andWhere(a => a.where('user_ref', actor).orWhere('jenkins_user', actor));
  }
  if (query.environment) {
    q.whereRaw('lower(environment) = ?', [
      query.environment.toLocaleLowerCase('en-US'),
    ]);
  }
  if (query.actions) {
    q.whereIn('action', query.actions);
  }
  return q;
}
