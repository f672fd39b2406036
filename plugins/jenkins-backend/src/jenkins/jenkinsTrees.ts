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

/** What the jobs list shows of a job itself (its kind included). */
const JOB_FIELDS = [
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
].join(',');

/** The most branches of a multibranch job one summary reads (and searches). */
export const MAX_LISTED_BRANCHES = 5000;

/**
 * What a branch shows in the jobs list and the branch search: its status
 * and its last build's state, not the build's causes, commit or tests
 * (the branch's builds page has those). Thousands of branches stay one
 * small answer, quick to parse.
 */
const BRANCH_FIELDS = `name,url,color,lastBuild[${BUILD_SCALAR_FIELDS}]`;

/**
 * One job of the jobs list, a multibranch job's branches included: one
 * request per job, which also serves the branch search. It tells a
 * multibranch parent by its `_class`, so confirming a branch costs no
 * request of its own.
 */
export const JOB_SUMMARY_TREE = `${JOB_FIELDS},jobs[${BRANCH_FIELDS}]{0,${MAX_LISTED_BRANCHES}}`;

/**
 * How many items of a folder one listing reads at most; an entity's job
 * beyond them (or one the identity cannot see) is read on its own.
 */
export const MAX_FOLDER_LISTING_ITEMS = 500;

/**
 * Several jobs of one folder in one request: the folder's items with the
 * fields of {@link JOB_SUMMARY_TREE} but no branches (a multibranch item is
 * read on its own). Jenkins lists only the items the caller may read
 * (cloudbees-folder `AbstractFolder.getItems()` filters on `Item.READ`).
 */
export const FOLDER_LISTING_TREE = `jobs[${JOB_FIELDS}]{0,${MAX_FOLDER_LISTING_ITEMS}}`;

/**
 * How many branches of a multibranch job one access check confirms along
 * with the job: the branches Jenkins lists to the person (it lists only
 * those they may read), so that showing one of them needs no second check.
 */
export const MAX_CHECKED_BRANCHES = 50;

/**
 * `reads: verified`: the smallest read that still needs `Job/Read` on the
 * job, and for a multibranch job the names of the first branches the person
 * may read.
 */
export const ACCESS_CHECK_TREE = `name,_class,jobs[name]{0,${MAX_CHECKED_BRANCHES}}`;

/**
 * The names of a folder's items the caller may read (and of the first
 * branches of its multibranch items): `reads: verified` checks a person on
 * several jobs of one folder with this one request.
 */
export const FOLDER_ACCESS_TREE = `jobs[${ACCESS_CHECK_TREE}]{0,${MAX_FOLDER_LISTING_ITEMS}}`;

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

/**
 * Failed test cases of a report, with where each suite was recorded in a
 * Pipeline run (junit's `PipelineTestDetails`: the step, its enclosing
 * stages and branches).
 */
export const TEST_REPORT_TREE =
  'failCount,suites[nodeId,enclosingBlocks,cases[className,name,status,errorDetails]]';

/** The parameter definitions a run is validated against. */
export const PARAMETER_DEFINITIONS_TREE = `property[${PARAMETER_DEFINITION_FIELDS}]`;

/** Whether a build still runs, before it is aborted. */
export const BUILD_STATE_TREE = 'number,building,inProgress,result';

/** The parameters a build ran with, to run it again. */
export const BUILD_PARAMETERS_TREE =
  'number,actions[_class,parameters[_class,name,value]]';

/**
 * A build's change record: the detail plus the commits it brought in
 * (`changeSets` of a pipeline run, `changeSet` of a freestyle build).
 */
export const CHANGE_RECORD_TREE = `${BUILD_DETAIL_TREE},changeSets[kind,items[commitId,msg,timestamp,author[fullName]]],changeSet[kind,items[commitId,msg,timestamp,author[fullName]]]`;
