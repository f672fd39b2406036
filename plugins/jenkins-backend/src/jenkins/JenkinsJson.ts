/**
 * The parts of Jenkins' JSON the reads use. Jenkins omits fields freely, so
 * everything is optional and mapped defensively.
 */

export interface RawCause {
  _class?: string;
  shortDescription?: string;
  userId?: string | null;
  userName?: string | null;
}

export interface RawAction {
  _class?: string;
  causes?: RawCause[];
  lastBuiltRevision?: { SHA1?: string; branch?: Array<{ name?: string }> };
  failCount?: number;
  skipCount?: number;
  totalCount?: number;
  parameters?: Array<{ _class?: string; name?: string; value?: unknown }>;
}

export interface RawBuild {
  number?: number;
  displayName?: string;
  url?: string;
  result?: string | null;
  building?: boolean;
  inProgress?: boolean;
  timestamp?: number;
  duration?: number;
  estimatedDuration?: number;
  description?: string | null;
  queueId?: number;
  actions?: Array<RawAction | null>;
}

export interface RawParameterDefinition {
  _class?: string;
  name?: string;
  description?: string | null;
  type?: string;
  choices?: string[];
  defaultParameterValue?: { _class?: string; value?: unknown } | null;
}

export interface RawJob {
  _class?: string;
  name?: string;
  fullName?: string;
  displayName?: string;
  url?: string;
  buildable?: boolean;
  color?: string;
  inQueue?: boolean;
  property?: Array<{ parameterDefinitions?: RawParameterDefinition[] } | null>;
  lastBuild?: RawBuild | null;
  jobs?: RawJob[];
  builds?: RawBuild[];
  allBuilds?: RawBuild[];
}

export interface RawStage {
  id?: string;
  name?: string;
  status?: string;
  startTimeMillis?: number;
  durationMillis?: number;
  error?: { message?: string; type?: string };
}

export interface RawRunDescription {
  status?: string;
  stages?: RawStage[];
}

export interface RawPendingInput {
  id?: string;
  message?: string;
  proceedText?: string;
  abortText?: string;
  inputs?: RawParameterDefinition[];
}

export interface RawTestReport {
  failCount?: number;
  suites?: Array<{
    cases?: Array<{
      className?: string;
      name?: string;
      status?: string;
      errorDetails?: string | null;
    }>;
  }>;
}
