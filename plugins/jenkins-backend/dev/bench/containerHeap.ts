/*
 * The V8 heap the bench gives its backend by default: the one the shipped
 * deployment runs with. deploy/helm/values.example.yaml limits the backend
 * container to 1 GiB; Node sizes V8's heap from that limit
 * (`process.constrainedMemory()`), and in a 1 GiB memory cgroup Node 22
 * reports `v8.getHeapStatistics().heap_size_limit` = 524 MiB — measured:
 * `node -p "require('v8').getHeapStatistics().heap_size_limit / 2 ** 20"`
 * run in such a cgroup. `--max-heap-size=524` gives a process outside a
 * container the same limit.
 *
 * It matters for RSS: V8 lets its old generation grow to a multiple of what
 * is live before a full GC (up to 4× with the 4 GiB limit Node picks on an
 * unconstrained 24 GiB host, about 1.4× at 524 MiB), and V8 12 keeps the
 * pages a GC frees committed in a pool for reuse, released only by
 * memory-reducing GCs. So the first burst's peak stays resident.
 */

/** The example Helm values' memory limit for the backend container. */
export const CONTAINER_MEMORY_LIMIT = '1Gi';

/** Node 22's V8 heap limit in a container with that memory limit, MiB. */
export const CONTAINER_HEAP_MB = 524;
