import { NotFoundError } from '@backstage/errors';

/**
 * The entity a request named does not exist, or the caller cannot see it
 * (404 either way, so that the two cannot be told apart). Unlike a job the
 * entity does not declare, an attempt against it is not the entity's
 * activity.
 *
 * @public
 */
export class EntityNotFoundError extends NotFoundError {
  constructor(entityRef: string) {
    super(`No entity ${entityRef} found`);
  }
}
