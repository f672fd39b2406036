import type {
  HistoryDefinition,
  JobDefinition,
  PinnedBuildDefinition,
  Scenario,
  StageDefinition,
} from '../scenario/scenarioSchema';
import { caseFold, compareIgnoringCase } from './caseFold';
import {
  fillerContent,
  GeneratedBuildStore,
  UserDirectory,
  UserNameLookup,
} from './HistoryGenerator';
import { decodeBranchName, encodeBranchName } from './NameEncoder';
import { jenkinsfileFor, toStagePlans, withOutcomeAt } from './stagePlans';
import type {
  FolderItem,
  Item,
  JobItem,
  ParameterDef,
  StagePlan,
} from './types';
import { isJob } from './types';

function defaultOf(p: JobDefinition['parameters'][number]): string | boolean {
  if (p.type === 'choice') return String(p.default ?? p.choices?.[0] ?? '');
  if (p.type === 'boolean') return p.default === true || p.default === 'true';
  return String(p.default ?? '');
}

function toParameters(defs: JobDefinition['parameters']): ParameterDef[] {
  return defs.map(p => ({
    name: p.name,
    type: p.type,
    description: p.description,
    choices: p.choices,
    defaultValue: defaultOf(p),
  }));
}

function toTrigger(def: JobDefinition['trigger']): JobItem['trigger'] {
  return def
    ? { everyMs: def.everyMinutes * 60000, cause: def.cause }
    : undefined;
}

const DEFAULT_STEP: StagePlan = {
  name: 'Build',
  durationMs: 10000,
  result: 'SUCCESS',
  log: ['+ ./build.sh', 'BUILD SUCCESSFUL'],
};

/** Builds the item tree of a scenario. */
export class JobTree {
  readonly root: FolderItem = {
    kind: 'folder',
    name: '',
    fullName: '',
    displayName: 'Jenkins',
    description: '',
    parent: null,
    children: new Map(),
  };

  private readonly users: UserDirectory;

  constructor(
    scenario: Scenario,
    private readonly loadTime: number,
    private readonly userName: UserNameLookup,
  ) {
    const byId = new Map(scenario.users.map(u => [caseFold(u.id), u]));
    this.users = id => {
      const u = byId.get(caseFold(id));
      return u ? { id: u.id, name: u.name ?? u.id, email: u.email } : undefined;
    };
    for (const folder of scenario.folders) {
      this.ensureFolder(folder.name).description = folder.description;
    }
    for (const job of scenario.jobs) {
      this.addJob(job);
    }
    if (scenario.itemOrder === 'sorted') {
      JobTree.sortChildren(this.root);
    }
  }

  /** Folders keep items sorted by name, ignoring case (`String.CASE_INSENSITIVE_ORDER`). */
  private static sortChildren(folder: FolderItem) {
    const sorted = [...folder.children.entries()].sort(([a], [b]) =>
      compareIgnoringCase(a, b),
    );
    folder.children = new Map(sorted);
    for (const child of folder.children.values()) {
      if (!isJob(child)) JobTree.sortChildren(child as FolderItem);
    }
  }

  private ensureFolder(fullName: string): FolderItem {
    let current = this.root;
    for (const part of fullName.split('/').filter(Boolean)) {
      let next = current.children.get(caseFold(part));
      if (!next) {
        next = {
          kind: 'folder',
          name: part,
          fullName: current.fullName ? `${current.fullName}/${part}` : part,
          displayName: part,
          description: '',
          parent: current,
          children: new Map(),
        };
        current.children.set(caseFold(part), next);
      }
      if (next.kind !== 'folder' && next.kind !== 'multibranch') {
        throw new Error(`'${next.fullName}' is a job, not a folder`);
      }
      current = next;
    }
    return current;
  }

  private splitName(fullName: string) {
    const idx = fullName.lastIndexOf('/');
    return idx === -1
      ? { parent: this.root, name: fullName }
      : {
          parent: this.ensureFolder(fullName.slice(0, idx)),
          name: fullName.slice(idx + 1),
        };
  }

  private makeJob(
    def: JobDefinition,
    parent: FolderItem,
    name: string,
    overrides: {
      displayName?: string;
      history?: HistoryDefinition;
      stages?: StageDefinition[];
      gitBranch?: string;
      trigger?: JobDefinition['trigger'];
      builds?: PinnedBuildDefinition[];
    } = {},
  ): JobItem {
    const kind = def.type === 'freestyle' ? 'freestyle' : 'pipeline';
    const stages = toStagePlans(overrides.stages ?? def.stages);
    const job: JobItem = {
      kind,
      name,
      fullName: parent.fullName ? `${parent.fullName}/${name}` : name,
      displayName: overrides.displayName ?? name,
      description: def.description,
      parent,
      disabled: def.disabled,
      // WorkflowJob allows concurrent builds unless disableConcurrentBuilds(); freestyle does not.
      concurrentBuild: def.concurrentBuild ?? kind === 'pipeline',
      parameters: toParameters(def.parameters),
      stages: stages.length > 0 ? stages : [DEFAULT_STEP],
      git: def.git
        ? {
            remote: def.git.remote,
            branch: overrides.gitBranch ?? def.git.branch,
          }
        : undefined,
      tests: def.tests,
      trigger: toTrigger(
        overrides.trigger ??
          (def.type === 'multibranch' ? undefined : def.trigger),
      ),
      declarative: def.declarative,
      disableRestartFromStage: def.disableRestartFromStage,
      sandbox: def.sandbox,
      script: '',
      artifacts: def.artifacts.map(a => ({
        path: a.path,
        content: a.content ?? fillerContent(a.path, a.size ?? 0),
        onlyIfSuccessful: a.onlyIfSuccessful,
      })),
      builds: undefined as never,
    };
    const planned = job.stages;
    job.script = def.script ?? jenkinsfileFor(planned);
    const history = overrides.history ?? def.history;
    for (const pin of overrides.builds ?? def.builds) {
      const where = `${job.fullName} builds #${pin.number}`;
      if (!history || pin.number > history.count) {
        throw new Error(
          `${where}: a pinned build must be within the generated history (count ${
            history?.count ?? 0
          })`,
        );
      }
      for (const path of [pin.failAt, pin.unstableAt]) {
        if (!path) continue;
        try {
          withOutcomeAt(planned, path.split('/'), 'FAILURE');
        } catch (e) {
          throw new Error(`${where}: ${path}: ${(e as Error).message}`);
        }
      }
    }
    job.builds = new GeneratedBuildStore(
      job,
      overrides.history ?? def.history,
      this.loadTime,
      this.userName,
      { pins: overrides.builds ?? def.builds, users: this.users },
    );
    parent.children.set(caseFold(name), job);
    return job;
  }

  private addJob(def: JobDefinition) {
    const { parent, name } = this.splitName(def.name);
    if (def.type !== 'multibranch') {
      this.makeJob(def, parent, name);
      return;
    }
    const project: FolderItem = {
      kind: 'multibranch',
      name,
      fullName: parent.fullName ? `${parent.fullName}/${name}` : name,
      displayName: name,
      description: def.description,
      parent,
      children: new Map(),
    };
    parent.children.set(caseFold(name), project);
    for (const branch of def.branches) {
      this.makeJob(def, project, encodeBranchName(branch.name), {
        displayName: branch.name,
        history: branch.history ?? def.history,
        stages: branch.stages,
        gitBranch: branch.name,
        trigger: branch.trigger,
        builds: branch.builds,
      });
    }
    const generated = def.generatedBranches;
    for (let i = 0; generated && i < generated.count; i++) {
      const branch = generated.namePattern.replace('{i}', String(i));
      const history = generated.history ?? def.history;
      this.makeJob(def, project, encodeBranchName(branch), {
        displayName: branch,
        history: history && { ...history, seed: `${history.seed}-${i}` },
        gitBranch: branch,
        builds: [],
      });
    }
  }

  /**
   * `ItemGroup.getItem(name)` of a folder: case-insensitive like Jenkins'
   * item maps; a multibranch project also tries `NameEncoder.decode(name)`
   * (when it holds `%`) and `NameEncoder.encode(name)`, as branch-api's
   * `MultiBranchProject.getItem` does. `as` is the name that matched, which
   * Jenkins' "Please log in to access …" message repeats.
   */
  static lookup(
    folder: FolderItem,
    name: string,
  ): { item: Item; as: string } | undefined {
    const direct = folder.children.get(caseFold(name));
    if (direct) return { item: direct, as: name };
    if (folder.kind !== 'multibranch') return undefined;
    const candidates = name.includes('%')
      ? [decodeBranchName(name), encodeBranchName(name)]
      : [encodeBranchName(name)];
    for (const candidate of candidates) {
      const item = folder.children.get(caseFold(candidate));
      if (item) return { item, as: candidate };
    }
    return undefined;
  }

  /** {@link JobTree.lookup} without the matched name. */
  static child(folder: FolderItem, name: string): Item | undefined {
    return JobTree.lookup(folder, name)?.item;
  }

  /** Finds an item by full name (`a/b/c`). */
  find(fullName: string): Item | undefined {
    let current: Item = this.root;
    for (const part of fullName.split('/').filter(Boolean)) {
      if (current.kind !== 'folder' && current.kind !== 'multibranch') {
        return undefined;
      }
      const next: Item | undefined = JobTree.child(current, part);
      if (!next) return undefined;
      current = next;
    }
    return current;
  }
}
