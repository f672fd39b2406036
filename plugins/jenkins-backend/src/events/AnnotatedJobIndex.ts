import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  encodeJobId,
  JENKINS_JOB_FULL_NAME_ANNOTATION,
  JenkinsJobReference,
  parseJobAnnotation,
} from '@internal/plugin-jenkins-common';
import { EnvironmentResolver } from '../jobs/EnvironmentResolver';
import { ownersOf } from '../jobs/JobResolver';
import { AnnotatingEntity, BuildEventContext } from './types';

/** How long the list of annotated entities is reused. */
export const INDEX_TTL_MS = 60_000;

interface IndexedEntity {
  entity: Entity;
  refs: JenkinsJobReference[];
}

/** Options of {@link AnnotatedJobIndex}. */
export interface AnnotatedJobIndexOptions {
  catalog: Pick<CatalogService, 'getEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  environments: Pick<EnvironmentResolver, 'environmentFor'>;
  now?: () => number;
}

function canonical(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * Which entities' `jenkins.io/job-full-name` names a job, for build events
 * that come without a person: the catalog is read with the plugin's own
 * credentials, once a minute at most. Job names compare ignoring case, as
 * Jenkins resolves them (and as `JobResolver` does); a branch job one
 * segment below an annotated multibranch job belongs to it.
 */
export class AnnotatedJobIndex {
  private loaded?: { at: number; entities: Promise<IndexedEntity[]> };
  private readonly now: () => number;

  constructor(private readonly options: AnnotatedJobIndexOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The entities annotating the job, or undefined when none does. */
  async contextFor(
    instance: string,
    jobFullName: string,
  ): Promise<BuildEventContext | undefined> {
    const wanted = jobFullName.toLocaleLowerCase('en-US');
    const entities: AnnotatingEntity[] = [];
    let environment: string | undefined;
    for (const { entity, refs } of await this.entities()) {
      const match = refs.find(ref => {
        if (ref.instance !== instance) {
          return false;
        }
        const annotated = ref.fullName.toLocaleLowerCase('en-US');
        return (
          wanted === annotated ||
          (wanted.startsWith(`${annotated}/`) &&
            !wanted.slice(annotated.length + 1).includes('/'))
        );
      });
      if (!match) {
        continue;
      }
      // The annotation's spelling, as JobResolver gives it to the entity's API.
      const fullName = `${match.fullName}${jobFullName.slice(
        match.fullName.length,
      )}`;
      entities.push({
        entityRef: canonical(stringifyEntityRef(entity)),
        jobId: encodeJobId(instance, fullName),
        ownerRefs: ownersOf(entity).map(canonical),
        annotatedFullName: match.fullName,
      });
      environment ??=
        this.options.environments.environmentFor(
          entity,
          instance,
          fullName,
          match.fullName,
        ) ?? undefined;
    }
    return entities.length ? { entities, environment } : undefined;
  }

  /** The annotated jobs of one instance, each once (ignoring case). */
  async jobsOf(instance: string): Promise<string[]> {
    const jobs = new Map<string, string>();
    for (const { refs } of await this.entities()) {
      for (const ref of refs) {
        if (ref.instance === instance) {
          const key = ref.fullName.toLocaleLowerCase('en-US');
          if (!jobs.has(key)) {
            jobs.set(key, ref.fullName);
          }
        }
      }
    }
    return [...jobs.values()];
  }

  private entities(): Promise<IndexedEntity[]> {
    const now = this.now();
    if (!this.loaded || now - this.loaded.at >= INDEX_TTL_MS) {
      const entities = this.load();
      this.loaded = { at: now, entities };
      // A failed load is not kept: the next event asks again.
      entities.catch(() => {
        if (this.loaded?.entities === entities) {
          this.loaded = undefined;
        }
      });
    }
    return this.loaded.entities;
  }

  private async load(): Promise<IndexedEntity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${JENKINS_JOB_FULL_NAME_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    return items.flatMap(entity => {
      try {
        const refs = parseJobAnnotation(
          entity.metadata.annotations?.[JENKINS_JOB_FULL_NAME_ANNOTATION],
        );
        return refs.length ? [{ entity, refs }] : [];
      } catch {
        // An entity with a broken annotation annotates nothing.
        return [];
      }
    });
  }
}
