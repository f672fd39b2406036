import { randomUUID } from 'node:crypto';
import type { Identity } from '../model/types';
import { IMPLIED_BY_CHAIN, PERMISSION_IDS } from '../security/permissions';
import type { PermissionName } from '../scenario/scenarioSchema';
import { JenkinsHttpError, SimResponse } from './SimResponse';

const HTML = 'text/html;charset=utf-8';

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** `l:layout`: the title is `h.appendIfNotNull(title, ' - Jenkins', 'Jenkins')`. */
export function page(title: string, body: string) {
  return `<!DOCTYPE html><html><head><title>${escapeHtml(
    title,
  )} - Jenkins</title></head><body><div id="main-panel">${body}</div></body></html>`;
}

/** Node refuses header values outside Latin-1 or with control characters. */
function headerSafe(value: string) {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

/** 404 from the `/404` error page (missing item, or no Discover). */
export function notFound(): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status: 404,
      headers: { 'Content-Type': HTML },
      body: page(
        'Not Found',
        '<h1>Not Found</h1><p>This page may not exist, or you may not have permission to see it.</p>',
      ),
    },
    'Not Found',
  );
}

/** A container error page, as `sendError(code, msg)` / `errorWithoutStack` produce. */
export function sendError(status: number, message: string): JenkinsHttpError {
  const reason =
    {
      400: 'Bad Request',
      403: 'Forbidden',
      404: 'Not Found',
      405: 'Method Not Allowed',
      409: 'Conflict',
      422: 'Unprocessable Entity',
      500: 'Server Error',
    }[status] ?? 'Error';
  return new JenkinsHttpError(
    {
      status,
      headers: { 'Content-Type': 'text/html;charset=iso-8859-1' },
      body: `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${escapeHtml(
        message,
      )}</title>\n</head>\n<body><h2>HTTP ERROR ${status} ${escapeHtml(
        message,
      )}</h2>\n<table>\n<tr><th>URI:</th><td></td></tr>\n<tr><th>STATUS:</th><td>${status}</td></tr>\n<tr><th>MESSAGE:</th><td>${escapeHtml(
        message,
      )}</td></tr>\n</table>\n</body>\n</html>\n`,
    },
    `${status} ${reason}: ${message}`,
  );
}

/** 403 for an anonymous caller who needs to log in (`HudsonAuthenticationEntryPoint`). */
export function loginRequired(path: string, xhr: boolean): JenkinsHttpError {
  if (xhr) {
    return new JenkinsHttpError(
      { status: 403, headers: { 'Content-Type': HTML }, body: '' },
      'login required',
    );
  }
  const from = encodeURIComponent(path);
  return new JenkinsHttpError(
    {
      status: 403,
      headers: { 'Content-Type': HTML },
      body: `<html><head><meta http-equiv='refresh' content='1;url=/login?from=${from}'/><script id='redirect' data-redirect-url='/login?from=${from}' src='/static/00000000/scripts/redirect.js'></script></head><body style='background-color:white; color:white;'>\nAuthentication required\n<!--\n-->\n</body></html>`,
    },
    'Authentication required',
  );
}

/**
 * 403 `accessDenied` page with core `AccessDeniedException3.reportAsHeaders`
 * (message `AccessDeniedException2_MissingPermission`).
 */
export function missingPermission(
  who: Identity,
  permission: PermissionName,
): JenkinsHttpError {
  const message = `${who.id} is missing the ${permission} permission`;
  return new JenkinsHttpError(
    {
      status: 403,
      headers: {
        'Content-Type': HTML,
        'X-You-Are-Authenticated-As': who.id,
        'X-You-Are-In-Group-Disabled':
          'JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose',
        'X-Required-Permission': PERMISSION_IDS[permission],
        'X-Permission-Implied-By': IMPLIED_BY_CHAIN[permission],
      },
      body: page(
        'Access Denied',
        `<h1>Access Denied</h1><p>${escapeHtml(message)}</p>`,
      ),
    },
    message,
  );
}

/** 403 for a plain `AccessDeniedException` (no permission headers). */
export function accessDenied(who: Identity, message: string): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status: 403,
      headers: { 'Content-Type': HTML, 'X-You-Are-Authenticated-As': who.id },
      body: page(
        'Access Denied',
        `<h1>Access Denied</h1><p>${escapeHtml(message)}</p>`,
      ),
    },
    message,
  );
}

/**
 * 405 from `@RequirePOST` and `BuildAuthorizationToken.checkPermission`:
 * core's `CrumbFilter.ErrorCustomizer` forwards to `CrumbFilter/retry.jelly`.
 */
export function requirePost(): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status: 405,
      headers: { 'Content-Type': HTML, Allow: 'POST' },
      body: page(
        'Method Not Allowed',
        "<h1>This URL requires POST</h1><p>The URL you're trying to access requires that requests be sent using POST (like a form submission).</p>",
      ),
    },
    'requires POST',
  );
}

/**
 * The `/oops` page (core `InstallUncaughtExceptionHandler.handleException`,
 * `jenkins/model/Jenkins/oops.jelly`): 500 for an uncaught exception, or the
 * status of `HttpResponses.error(code, message)`, which core's
 * `InstallUncaughtExceptionHandler.ErrorCustomizer` renders the same way.
 * Jenkins shows only a Logging ID unless `Jenkins.SHOW_STACK_TRACE` is set;
 * the simulator always shows the message, as with that flag (minus frames).
 */
export function oops(message: string, status = 500): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status,
      headers: { 'Content-Type': HTML },
      body: page(
        'Jenkins',
        `<h1>Oops!</h1><div id="error-description"><h2>A problem occurred while processing the request</h2><p>Logging ID=${randomUUID()}</p></div><pre>${escapeHtml(
          message,
        )}</pre>`,
      ),
    },
    message,
  );
}

/**
 * A `hudson.model.Failure` (an error the user caused): forwarded to core's
 * `AbstractModelObject/error.jelly`, which sets status 400 and
 * `X-Error: <message>` and shows the message under "Error".
 */
export function failure(message: string): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status: 400,
      headers: { 'Content-Type': HTML, 'X-Error': headerSafe(message) },
      body: page('Jenkins', `<h1>Error</h1><p>${escapeHtml(message)}</p>`),
    },
    message,
  );
}

/** 401 for bad Basic credentials (`BasicAuthenticationEntryPoint`). */
export function badCredentials(user: string): SimResponse {
  return {
    status: 401,
    headers: {
      'Content-Type': HTML,
      'WWW-Authenticate': 'Basic realm="Jenkins"',
    },
    body: sendError(401, `Invalid password/token for user: ${user}`).response
      .body,
  };
}

/** 403 from the CSRF filter. */
export function noValidCrumb(): SimResponse {
  return sendError(403, 'No valid crumb was included in the request').response;
}
