import { Entity } from '@backstage/catalog-model';
import { hasJenkinsAnnotation } from '@internal/plugin-jenkins-common';

/**
 * Whether an entity names Jenkins jobs, for conditional rendering of the
 * Jenkins tab and cards (`<EntitySwitch.Case if={isJenkinsAvailable}>`).
 *
 * @public
 */
export function isJenkinsAvailable(entity: Entity): boolean {
  return hasJenkinsAnnotation(entity);
}
