import { createHash } from 'node:crypto';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ChangeRecord } from '@internal/plugin-jenkins-common';
import { BuildAuditEntry } from '../audit/types';
import { RawBuild } from '../jenkins/JenkinsJson';

/* The pieces a change record is put together from (see ChangeRecordService). */

type RawChangeSet = {
  items?: Array<{
    commitId?: string;
    msg?: string;
    timestamp?: number;
    author?: { fullName?: string };
  } | null>;
};

/** JSON with object keys sorted at every level: the form the digest is taken over. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .filter(key => object[key] !== undefined)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 over the canonical JSON of a record without `generatedAt` and `digest`. */
export function changeRecordDigest(
  record: Omit<ChangeRecord, 'generatedAt' | 'digest'> &
    Partial<Pick<ChangeRecord, 'generatedAt' | 'digest'>>,
): string {
  const { generatedAt: _generatedAt, digest: _digest, ...content } = record;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * The target of an entity's relation (`ownedBy`, `partOf`), else the spec
 * field it comes from (`spec.owner`, `spec.system`) as a full ref.
 */
export function relationTarget(
  entity: Entity,
  type: string,
  specField: 'owner' | 'system',
  kind: 'group' | 'system',
): string | null {
  const relation = (entity.relations ?? []).find(
    r =>
      r.type === type &&
      (type !== 'partOf' ||
        r.targetRef.toLocaleLowerCase('en-US').startsWith(`${kind}:`)),
  );
  if (relation) {
    return relation.targetRef;
  }
  const value = (entity.spec as Record<string, unknown> | undefined)?.[
    specField
  ];
  if (typeof value !== 'string' || !value) {
    return null;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: kind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return null;
  }
}

export function viaOf(via: string): ChangeRecord['requester']['via'] {
  switch (via) {
    case 'http':
      return 'portal';
    case 'action':
      return 'action';
    case 'template':
      return 'template';
    default:
      return 'unknown';
  }
}

export function inputIdOf(entry: BuildAuditEntry): string | null {
  if (entry.action !== 'approve' && entry.action !== 'reject') {
    return null;
  }
  // The subject the answer was written with; an outcome's message (a
  // refusal, Jenkins' error) replaces `message` on read.
  const match = /^Input (.+)$/.exec(entry.subject ?? '');
  return match ? match[1] : null;
}

export function commitsOf(raw: RawBuild): ChangeRecord['build']['commits'] {
  const record = raw as RawBuild & {
    changeSets?: RawChangeSet[] | null;
    changeSet?: RawChangeSet | null;
  };
  const sets =
    record.changeSets ?? (record.changeSet ? [record.changeSet] : undefined);
  if (!Array.isArray(sets)) {
    return null;
  }
  return sets.flatMap(set =>
    (set?.items ?? []).flatMap(item =>
      item && typeof item.commitId === 'string'
        ? [
            {
              id: item.commitId,
              message: item.msg ?? null,
              author: item.author?.fullName ?? null,
              time:
                typeof item.timestamp === 'number'
                  ? new Date(item.timestamp).toISOString()
                  : null,
            },
          ]
        : [],
    ),
  );
}
