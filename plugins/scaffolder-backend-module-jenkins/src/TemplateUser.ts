import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/** The part of a scaffolder action's context that says who runs the task. */
export interface TaskInitiator {
  getInitiatorCredentials(): Promise<BackstageCredentials>;
  /** The task's author (`task.spec.user`), unchanged by a retry. */
  user?: { ref?: string };
}

/**
 * The credentials of the person who runs the template, to act as them.
 * Jenkins builds are run as a person, never as a service: a task that has
 * no user credentials (a task resumed after a restart, or retried, can lose
 * them) or whose credentials belong to someone else than its author fails
 * with a message saying what to do, rather than acting as the scaffolder.
 */
export async function templateUserCredentials(
  ctx: TaskInitiator,
  actionId: string,
): Promise<BackstageCredentials<BackstageUserPrincipal>> {
  const credentials = await ctx.getInitiatorCredentials().catch(error => {
    throw new NotAllowedError(
      `${actionId} runs Jenkins as the person who started the template, but the task's credentials could not be read (${error}). Run the template again.`,
    );
  });
  const principal = credentials?.principal as { type?: string } | undefined;
  if (principal?.type !== 'user') {
    throw new NotAllowedError(
      `${actionId} runs Jenkins as the person who started the template, but this task has no user credentials (a task that was resumed or retried without them cannot act as anyone). Run the template again; it never falls back to the scaffolder's own identity.`,
    );
  }
  const user = credentials as BackstageCredentials<BackstageUserPrincipal>;
  const author = ctx.user?.ref;
  if (
    author &&
    author.toLocaleLowerCase('en-US') !==
      user.principal.userEntityRef.toLocaleLowerCase('en-US')
  ) {
    // The idempotency key of a step is remembered per person: a build
    // started for the author would not be found for someone else, and the
    // retry would start a second one.
    throw new NotAllowedError(
      `${actionId}: this task was started by ${author} and retried by ${user.principal.userEntityRef}; Jenkins work of a task runs as its author only. Run the template again as yourself.`,
    );
  }
  const expiresAt = user.expiresAt ? new Date(user.expiresAt) : undefined;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new NotAllowedError(
      `${actionId}: the sign-in of ${
        user.principal.userEntityRef
      } that started this task expired at ${expiresAt.toISOString()}. Run the template again.`,
    );
  }
  return user;
}
