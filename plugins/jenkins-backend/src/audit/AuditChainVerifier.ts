import { AuditVerification } from '@internal/plugin-jenkins-common';
import { Knex } from 'knex';
import {
  CHAINED_TABLES,
  ChainedTable,
  GENESIS_HASH,
  linkHash,
} from './AuditChain';

type Link = Record<string, unknown> & {
  id: string;
  chain_seq: number | string;
  prev_hash: string | null;
  hash: string | null;
  time_ms: number | string;
  table: ChainedTable;
};

type BrokenLink = NonNullable<AuditVerification['firstBrokenLink']>;

/** The most links one verification reads per instance. */
export const MAX_VERIFIED_LINKS = 50000;

/**
 * Checks the audit hash chains (see `AuditChain`): every link's hash
 * against its stored content, every link's `prev_hash` against its
 * predecessor, no link missing but those retention deleted, and, when the
 * period is open-ended, the newest link against the chain's head. Reports
 * the first broken link, in time order.
 */
export class AuditChainVerifier {
  constructor(private readonly db: Knex) {}

  async verify(query: {
    fromMs?: number;
    toMs?: number;
    limit?: number;
  }): Promise<AuditVerification> {
    const limit = query.limit ?? MAX_VERIFIED_LINKS;
    const heads = await this.db('jenkins_audit_chain_heads').orderBy(
      'instance',
    );
    const instances: AuditVerification['instances'] = [];
    const broken: BrokenLink[] = [];
    let truncated = false;
    for (const head of heads) {
      const links = await this.linksOf(head.instance, query, limit + 1);
      if (links.length > limit) {
        truncated = true;
        links.length = limit;
      }
      const first = await this.checkChain(head, links, {
        tail: query.toMs === undefined && links.length < limit,
        whole: query.fromMs === undefined,
      });
      if (first) {
        broken.push(first);
      }
      instances.push({
        instance: head.instance,
        checkedLinks: links.length,
        firstSeq: links.length ? Number(links[0].chain_seq) : null,
        lastSeq: links.length
          ? Number(links[links.length - 1].chain_seq)
          : null,
        headSeq: Number(head.seq),
        prunedThroughSeq:
          head.pruned_through_seq === null ||
          head.pruned_through_seq === undefined
            ? null
            : Number(head.pruned_through_seq),
        intact: !first,
      });
    }
    const unchained = this.db('jenkins_audit_entries')
      .whereNull('chain_seq')
      .count({ n: '*' });
    if (query.fromMs !== undefined)
      unchained.where('time_ms', '>=', query.fromMs);
    if (query.toMs !== undefined) unchained.where('time_ms', '<', query.toMs);
    const [{ n }] = (await unchained) as Array<{ n: number | string }>;
    broken.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    return {
      from:
        query.fromMs === undefined
          ? null
          : new Date(query.fromMs).toISOString(),
      to: query.toMs === undefined ? null : new Date(query.toMs).toISOString(),
      verified: broken.length === 0,
      checkedLinks: instances.reduce((sum, i) => sum + i.checkedLinks, 0),
      unchainedEntries: Number(n),
      truncated,
      instances,
      firstBrokenLink: broken[0] ?? null,
    };
  }

  private async linksOf(
    instance: string,
    query: { fromMs?: number; toMs?: number },
    limit: number,
  ): Promise<Link[]> {
    const perTable = await Promise.all(
      CHAINED_TABLES.map(async table => {
        const q = this.db(table)
          .where({ instance })
          .whereNotNull('chain_seq')
          .orderBy('chain_seq', 'asc')
          .limit(limit);
        if (query.fromMs !== undefined) q.where('time_ms', '>=', query.fromMs);
        if (query.toMs !== undefined) q.where('time_ms', '<', query.toMs);
        return ((await q) as Link[]).map(row => ({ ...row, table }));
      }),
    );
    return perTable
      .flat()
      .sort((a, b) => Number(a.chain_seq) - Number(b.chain_seq))
      .slice(0, limit);
  }

  private async linkAt(instance: string, seq: number): Promise<Link[]> {
    const found = await Promise.all(
      CHAINED_TABLES.map(async table =>
        (
          (await this.db(table).where({ instance, chain_seq: seq })) as Link[]
        ).map(row => ({ ...row, table })),
      ),
    );
    return found.flat();
  }

  private async checkChain(
    head: Record<string, any>,
    links: Link[],
    checkHead: { tail: boolean; whole: boolean },
  ): Promise<BrokenLink | undefined> {
    const instance = String(head.instance);
    const pruned = Number(head.pruned_through_seq ?? 0);
    const brokenAt = (
      link: Link,
      reason: BrokenLink['reason'],
      detail: string,
    ): BrokenLink => ({
      instance,
      seq: Number(link.chain_seq),
      table: link.table,
      id: link.id,
      time: new Date(Number(link.time_ms)).toISOString(),
      reason,
      detail,
    });
    let previous: Link | undefined;
    for (const link of links) {
      const seq = Number(link.chain_seq);
      if (previous && Number(previous.chain_seq) === seq) {
        return brokenAt(link, 'fork', `two links have sequence number ${seq}`);
      }
      const { table, ...stored } = link;
      if (linkHash(table, stored) !== link.hash) {
        return brokenAt(
          link,
          'content-changed',
          `the stored content of ${link.table} row ${link.id} no longer matches its hash`,
        );
      }
      let predecessor: Link | undefined =
        previous && Number(previous.chain_seq) === seq - 1
          ? previous
          : undefined;
      if (!predecessor && seq > 1) {
        const found = await this.linkAt(instance, seq - 1);
        if (found.length > 1) {
          return brokenAt(
            found[1],
            'fork',
            `two links have sequence number ${seq - 1}`,
          );
        }
        predecessor = found[0];
        if (!predecessor && seq - 1 > pruned) {
          return brokenAt(
            link,
            'missing-link',
            `link ${
              seq - 1
            } before it was deleted (retention deleted up to ${pruned})`,
          );
        }
      }
      let expected: string | null | undefined = predecessor?.hash;
      if (seq === 1) {
        expected = GENESIS_HASH;
      }
      if (expected !== undefined && link.prev_hash !== expected) {
        return brokenAt(
          link,
          'link-broken',
          `its prev_hash does not match the hash of link ${seq - 1}`,
        );
      }
      previous = link;
    }
    const last = links[links.length - 1];
    if (checkHead.tail && (last || checkHead.whole)) {
      const headSeq = Number(head.seq);
      if (
        (last &&
          (Number(last.chain_seq) !== headSeq || last.hash !== head.hash)) ||
        (!last && headSeq > pruned)
      ) {
        const anchor: Link = last ?? {
          id: '',
          chain_seq: headSeq,
          prev_hash: null,
          hash: null,
          time_ms: Date.now(),
          table: 'jenkins_audit_entries',
        };
        return brokenAt(
          anchor,
          'head-mismatch',
          `the chain head is link ${headSeq}, but the newest stored link is ${
            last ? Number(last.chain_seq) : 'none'
          }: links were deleted or the head was changed`,
        );
      }
    }
    return undefined;
  }
}
