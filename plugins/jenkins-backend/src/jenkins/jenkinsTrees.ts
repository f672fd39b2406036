/**
 * The `tree=` expressions of every read: each names exactly the fields the
 * API returns, never `actions[*[*]]` or `depth=1` on a whole job.
 */

const BUILD_SCALAR_FIELDS =
  'number,displayName,url,result,building,inProgress,timestamp,duration,estimatedDuration';

/** Causes, git revision (BuildData) and test counts (TestResultAction). */
const BUILD_ACTION_FIELDS =
  '_class,causes[_class,shortDescription,userId,userName],lastBuiltRevision[SHA1,branch[name]],failCount,skipCount,totalCount';

/** Fields of one build in lists and summaries. */
export const BUILD_SUMMARY_FIELDS = `${BUILD_SCALAR_FIELDS},actions[${BUILD_ACTION_FIELDS}]`;

const PARAMETER_DEFINITION_FIELDS =
  'parameterDefinitions[_class,name,description,type,choices,defaultParameterValue[_class,value]]';

/** The jobs list: one request per job, branches included. */
export const JOB_SUMMARY_TREE = [
  '_class',
  'name',
  'fullName',
  'displayName',
  'url',
  'buildable',
  'color',
  'inQueue',
  `property[${PARAMETER_DEFINITION_FIELDS}]`,
  `lastBuild[${BUILD_SUMMARY_FIELDS}]`,
  `jobs[_class,name,fullName,displayName,url,color,buildable,inQueue,lastBuild[${BUILD_SUMMARY_FIELDS}]]`,
].join(',');

/** Only the job's kind, to confirm a multibranch parent. */
export const JOB_CLASS_TREE = '_class';

/** Which parameters are passwords, to mask build parameter values. */
export const PARAMETER_TYPES_TREE =
  'property[parameterDefinitions[_class,name,type]]';

/** A page of builds, newest first; `builds` holds the newest 100 only. */
export function buildsPageTree(from: number, to: number): string {
  const property = to > 100 ? 'allBuilds' : 'builds';
  return `${property}[${BUILD_SUMMARY_FIELDS}]{${from},${to}}`;
}

/** The newest build's number, to check a page cursor against the history. */
export const LAST_BUILD_NUMBER_TREE = 'lastBuild[number]';

/** The build detail. */
export const BUILD_DETAIL_TREE = `${BUILD_SCALAR_FIELDS},description,queueId,actions[${BUILD_ACTION_FIELDS},parameters[_class,name,value]]`;

/** Failed test cases of a report. */
export const TEST_REPORT_TREE =
  'failCount,suites[cases[className,name,status,errorDetails]]';

/** The parameter definitions a run is validated against. */
export const PARAMETER_DEFINITIONS_TREE = `property[${PARAMETER_DEFINITION_FIELDS}]`;

/** Whether a build still runs, before it is aborted. */
export const BUILD_STATE_TREE = 'number,building,inProgress,result';

/** The parameters a build ran with, to run it again. */
export const BUILD_PARAMETERS_TREE =
  'number,actions[_class,parameters[_class,name,value]]';
