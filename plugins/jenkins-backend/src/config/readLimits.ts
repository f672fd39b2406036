import { Config } from '@backstage/config';

/** An instance's bounds on Jenkins load and on the in-process cache. */
export interface InstanceLimits {
  /** Jenkins requests in flight at most; more wait in a fair queue. */
  maxConcurrentRequests: number;
  /** Parsed read answers kept in process, at most (before the cache service). */
  memoryCacheEntries: number;
}

/** Reads `maxConcurrentRequests` and `cache.memoryEntries` of one instance. */
export function readLimits(instance: string, config: Config): InstanceLimits {
  return {
    maxConcurrentRequests: positiveInteger(
      instance,
      config,
      'maxConcurrentRequests',
      8,
    ),
    memoryCacheEntries: positiveInteger(
      instance,
      config,
      'cache.memoryEntries',
      5000,
    ),
  };
}

function positiveInteger(
  instance: string,
  config: Config,
  key: string,
  fallback: number,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `jenkins.instances '${instance}': ${key} must be a whole number of at least 1, got ${value}`,
    );
  }
  return value;
}
