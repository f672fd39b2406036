import { JobKind } from '@internal/plugin-jenkins-common';
import { isMultibranchClass } from '../jobs/JobResolver';

/** Jenkins `_class` → the API's job kind. */
export function jobKindOf(jenkinsClass: string | undefined): JobKind {
  if (isMultibranchClass(jenkinsClass)) return 'multibranch';
  if (/WorkflowJob$/.test(jenkinsClass ?? '')) return 'pipeline';
  if (/FreeStyleProject$/.test(jenkinsClass ?? '')) return 'freestyle';
  if (/Folder$|OrganizationFolder$/.test(jenkinsClass ?? '')) return 'folder';
  return 'other';
}
