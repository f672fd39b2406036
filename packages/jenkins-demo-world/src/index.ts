/**
 * The demo world: the catalog entities, users and groups of `examples/`,
 * which match the Jenkins simulator's `demo` scenario. Tests, the frontend
 * dev app and the benchmarks read it from there instead of keeping copies.
 *
 * This entry point is isomorphic; `@internal/jenkins-demo-world/node` reads
 * the files.
 *
 * @packageDocumentation
 */

import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

/** The demo catalog with its users' group memberships. */
export interface DemoWorld {
  /** Every entity, in file order, with `metadata.namespace` set as the catalog sets it. */
  readonly entities: Entity[];
  /** The `User` entities. */
  readonly users: Entity[];
  /** The `Group` entities. */
  readonly groups: Entity[];
  /** The entity with this ref (compared case-insensitively, as the catalog does). */
  entity(ref: string): Entity | undefined;
  /**
   * A user's ownership refs as Backstage's `userInfo` reports them: the user
   * itself, then every group that lists it in `spec.members` or that it
   * lists in `spec.memberOf`. A user the world does not know owns only itself.
   */
  ownershipOf(userRef: string): string[];
  /** This world plus the given entities; an entity with a known ref replaces the old one. */
  with(entities: Entity[]): DemoWorld;
}

const DEFAULT_NAMESPACE = 'default';

function key(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function toEntity(document: unknown, index: number): Entity {
  const candidate = document as Partial<Entity> | null;
  if (
    !candidate ||
    typeof candidate !== 'object' ||
    typeof candidate.apiVersion !== 'string' ||
    typeof candidate.kind !== 'string' ||
    typeof candidate.metadata?.name !== 'string'
  ) {
    throw new Error(
      `Demo world document ${
        index + 1
      } is not a catalog entity (apiVersion, kind and metadata.name are required)`,
    );
  }
  const copy = JSON.parse(JSON.stringify(candidate)) as Entity;
  copy.metadata.namespace ??= DEFAULT_NAMESPACE;
  return copy;
}

function buildWorld(entities: Entity[]): DemoWorld {
  const byRef = new Map(entities.map(e => [key(refOf(e)), e]));
  const users = entities.filter(
    e => e.kind.toLocaleLowerCase('en-US') === 'user',
  );
  const groups = entities.filter(
    e => e.kind.toLocaleLowerCase('en-US') === 'group',
  );

  const memberships = new Map<string, Set<string>>();
  const addMembership = (userRef: string, groupRef: string) => {
    const groupsOfUser = memberships.get(key(userRef)) ?? new Set<string>();
    groupsOfUser.add(groupRef);
    memberships.set(key(userRef), groupsOfUser);
  };
  for (const group of groups) {
    for (const member of stringList(
      (group.spec as { members?: unknown } | undefined)?.members,
    )) {
      addMembership(
        stringifyEntityRef(
          parseEntityRef(member, {
            defaultKind: 'user',
            defaultNamespace: group.metadata.namespace,
          }),
        ),
        refOf(group),
      );
    }
  }
  for (const user of users) {
    for (const group of stringList(
      (user.spec as { memberOf?: unknown } | undefined)?.memberOf,
    )) {
      addMembership(
        refOf(user),
        stringifyEntityRef(
          parseEntityRef(group, {
            defaultKind: 'group',
            defaultNamespace: user.metadata.namespace,
          }),
        ),
      );
    }
  }

  return {
    entities,
    users,
    groups,
    entity: ref => byRef.get(key(ref)),
    ownershipOf: userRef => [userRef, ...(memberships.get(key(userRef)) ?? [])],
    with(extra) {
      const replaced = new Map(
        extra.map((e, i) => [key(refOf(e)), toEntity(e, i)]),
      );
      const merged = entities.map(e => replaced.get(key(refOf(e))) ?? e);
      const known = new Set(entities.map(e => key(refOf(e))));
      return buildWorld([
        ...merged,
        ...[...replaced].filter(([k]) => !known.has(k)).map(([, e]) => e),
      ]);
    },
  };
}

/** The demo world of already parsed YAML documents (empty documents are skipped). */
export function demoWorldFromDocuments(documents: unknown[]): DemoWorld {
  return buildWorld(
    documents
      .filter(document => document !== null && document !== undefined)
      .map(toEntity),
  );
}

/** The demo world of the texts of YAML files, each holding one or more documents. */
export function parseDemoWorld(...yamlTexts: string[]): DemoWorld {
  const documents: unknown[] = [];
  for (const text of yamlTexts) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length) {
        throw new Error(
          `Invalid demo world YAML: ${document.errors[0].message}`,
        );
      }
      documents.push(document.toJS());
    }
  }
  return demoWorldFromDocuments(documents);
}
