/** The life states of a tuning trial (Optuna's vocabulary). */
export const TRIAL_STATES = ['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL'] as const;

/** The state of a trial. */
export type TrialState = (typeof TRIAL_STATES)[number];

/** Whether a study objective is minimised or maximised. */
export type StudyDirection = 'minimize' | 'maximize';

/** A value a trial parameter can take. */
export type ParamPrimitive = number | string | boolean | null;

/** The space one parameter is drawn from. */
export type Distribution =
  | {
      readonly type: 'float';
      readonly low: number;
      readonly high: number;
      readonly log?: boolean;
      readonly step?: number;
    }
  | {
      readonly type: 'int';
      readonly low: number;
      readonly high: number;
      readonly log?: boolean;
      readonly step?: number;
    }
  | { readonly type: 'categorical'; readonly choices: readonly ParamPrimitive[] };

/** A study as stored. */
export interface StudyRecord {
  readonly studyId: number;
  readonly name: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, unknown>>;
}

/** A trial as stored. */
export interface TrialRecord {
  readonly trialId: number;
  readonly studyId: number;
  /** 0-based position of the trial in its study. */
  readonly number: number;
  readonly state: TrialState;
  readonly params: Readonly<Record<string, ParamPrimitive>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** One value per study direction, once complete. */
  readonly values?: readonly number[];
  /** Reported intermediate values by step. */
  readonly intermediateValues: Readonly<Record<number, number>>;
  readonly userAttrs: Readonly<Record<string, unknown>>;
  /** Milliseconds since the Unix epoch. */
  readonly startedAt?: number;
  readonly completedAt?: number;
}

/**
 * Where studies and trials live: memory, a file journal, PostgreSQL shared by many workers, or a
 * user's own. Every write is durable when its promise resolves; a finished trial cannot change.
 */
export interface StudyStorage {
  readonly name: string;
  /** Creates a study; `ALREADY_EXISTS` when the name is taken. */
  createStudy(name: string, directions: readonly StudyDirection[]): Promise<StudyRecord>;
  /** A study by name, or `undefined`. */
  findStudy(name: string): Promise<StudyRecord | undefined>;
  listStudies(): Promise<readonly StudyRecord[]>;
  deleteStudy(studyId: number): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void>;
  /** Creates a trial in `RUNNING` state (or `WAITING` for an enqueued one with fixed params). */
  createTrial(
    studyId: number,
    template?: { state?: 'WAITING' | 'RUNNING'; params?: Record<string, ParamPrimitive> },
  ): Promise<TrialRecord>;
  /** Atomically moves the oldest `WAITING` trial to `RUNNING`, or returns `undefined`. */
  claimWaitingTrial(studyId: number): Promise<TrialRecord | undefined>;
  setTrialParam(
    trialId: number,
    name: string,
    value: ParamPrimitive,
    distribution: Distribution,
  ): Promise<void>;
  reportIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void>;
  /** Ends a running trial; `INVALID_STATE` when it is already finished. */
  finishTrial(
    trialId: number,
    state: Exclude<TrialState, 'WAITING' | 'RUNNING'>,
    values?: readonly number[],
  ): Promise<void>;
  getTrial(trialId: number): Promise<TrialRecord>;
  /** The study's trials in creation order, optionally only those in `states`. */
  getTrials(studyId: number, states?: readonly TrialState[]): Promise<readonly TrialRecord[]>;
  dispose?(): Promise<void>;
}
