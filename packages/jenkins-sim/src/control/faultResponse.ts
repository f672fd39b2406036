import type { SimResponse } from '../http/SimResponse';
import type { Fault } from './FaultInjector';

/** What the server does with a request a fault applies to. */
export type FaultOutcome =
  | { action: 'respond'; response: SimResponse }
  | { action: 'reset' }
  | { action: 'hang' }
  | { action: 'expireCrumb' }
  /** Serve the request, then hang or reset instead of answering. */
  | { action: 'applyThen'; then: 'hang' | 'reset' }
  | { action: 'continue' };

/** A job as `/api/json` describes it, but with `builds` that is not a list. */
const WRONG_SHAPE_JSON =
  '{"_class":"hudson.model.FreeStyleProject","name":42,"builds":{"number":"one"},"lastBuild":"yesterday"}';

/** Waits for the fault's latency, then says how to answer. */
export async function faultResponse(fault: Fault): Promise<FaultOutcome> {
  if (fault.latencyMs) {
    await new Promise(r => setTimeout(r, fault.latencyMs));
  }
  switch (fault.kind) {
    case 'status':
      return {
        action: 'respond',
        response: {
          status: fault.status ?? 500,
          headers: { 'Content-Type': 'text/html;charset=utf-8' },
          body:
            fault.body ??
            `<html><body><h2>HTTP ERROR ${fault.status}</h2></body></html>`,
        },
      };
    case 'malformed':
      return {
        action: 'respond',
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json;charset=utf-8' },
          // Cut off mid-document, as a proxy dropping the connection would.
          body: '{"_class":"hudson.model.FreeStyleProject","builds":[{"number":1,',
        },
      };
    case 'json':
      return {
        action: 'respond',
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json;charset=utf-8' },
          body: fault.body ?? WRONG_SHAPE_JSON,
        },
      };
    case 'reset':
      return { action: 'reset' };
    case 'expireCrumb':
      return { action: 'expireCrumb' };
    case 'applyThenHang':
      return { action: 'applyThen', then: 'hang' };
    case 'applyThenReset':
      return { action: 'applyThen', then: 'reset' };
    case 'hang':
      return { action: 'hang' };
    default:
      return { action: 'continue' };
  }
}
