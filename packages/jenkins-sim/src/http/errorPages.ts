import type { Identity } from '../model/types';
import { PERMISSION_IDS } from '../security/permissions';
import type { PermissionName } from '../scenario/scenarioSchema';
import { JenkinsHttpError, SimResponse } from './SimResponse';

const HTML = 'text/html;charset=utf-8';

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string) {
  return `<!DOCTYPE html><html><head><title>${escapeHtml(
    title,
  )} [Jenkins]</title></head><body><div id="main-panel">${body}</div></body></html>`;
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

/** 403 `accessDenied` page with `AccessDeniedException3.reportAsHeaders`. */
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
        'X-Permission-Implied-By': PERMISSION_IDS['Overall/Administer'],
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

/** 405 from `@RequirePOST`. */
export function requirePost(): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status: 405,
      headers: { 'Content-Type': HTML, Allow: 'POST' },
      body: page(
        'This URL requires POST',
        "<h1>This URL requires POST</h1><p>The URL you're trying to access requires that requests be sent using POST (like a form submission).</p>",
      ),
    },
    'requires POST',
  );
}

/** 500 from the `/oops` page for an uncaught exception. */
export function oops(message: string): JenkinsHttpError {
  return new JenkinsHttpError(
    {
      status: 500,
      headers: { 'Content-Type': HTML },
      body: page(
        'Jenkins',
        `<h1>Oops!</h1><p>A problem occurred while processing the request.</p><pre>${escapeHtml(
          message,
        )}</pre>`,
      ),
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
