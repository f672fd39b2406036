import { oops, sendError } from './errorPages';
import type { RequestContext } from './RequestContext';

/**
 * stapler's `RequestImpl.getSubmittedForm()`: the `json` form field as an
 * object. Without it stapler calls `sendError(400, …)` — "Nothing is
 * submitted" when the request has no parameter at all (query included),
 * else "This page expects a form submission"; unparseable JSON is a
 * ServletException ("Failed to parse JSON:…"), so the oops page.
 */
export function submittedForm(ctx: RequestContext): Record<string, unknown> {
  const json = ctx.params.get('json');
  if (json === null || json === '') {
    const any = [...ctx.params.keys()].length > 0;
    throw sendError(
      400,
      any ? 'This page expects a form submission' : 'Nothing is submitted',
    );
  }
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through: net.sf.json rejects it the same way
  }
  throw oops(`jakarta.servlet.ServletException: Failed to parse JSON:${json}`);
}
