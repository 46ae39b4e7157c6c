/** The five quality dimensions a dataset is scored on. */
export const QUALITY_DIMENSIONS = [
  'completeness',
  'consistency',
  'accuracy',
  'validity',
  'uniqueness',
] as const;

/** A quality dimension. */
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** One quality assessment of a dataset version. */
export interface QualityAssessmentRecord {
  readonly datasetId: string;
  readonly datasetVersion: string;
  /** Scores in [0, 1] per dimension. */
  readonly scores: Readonly<Record<QualityDimension, number>>;
  /** Weighted overall score in [0, 1]. */
  readonly overall: number;
  /** Whether the dataset passed the ML-ready bar. */
  readonly mlReady: boolean;
  /** Milliseconds since the Unix epoch. */
  readonly assessedAt: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A recorded split of a dataset version into index lists. */
export interface SplitRecord {
  readonly datasetId: string;
  readonly datasetVersion: string;
  readonly seed: number | string;
  readonly method: string;
  readonly indices: Readonly<Record<string, readonly number[]>>;
}

/** A lineage edge: `childId` was made from `parentId` by `operation`. */
export interface LineageRecord {
  readonly parentId: string;
  readonly childId: string;
  readonly operation: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** An anomaly found in a dataset. */
export interface AnomalyRecord {
  readonly datasetId: string;
  readonly kind: string;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly description: string;
  readonly rowIndex?: number;
  readonly at: number;
}

/**
 * Where quality assessments, splits, lineage and anomalies are kept: embedded Postgres by default,
 * a Postgres server when shared, or a user's own.
 */
export interface QualityStore {
  readonly name: string;
  saveAssessment(record: QualityAssessmentRecord): Promise<void>;
  /** Assessments of a dataset, newest first. */
  getAssessments(datasetId: string): Promise<readonly QualityAssessmentRecord[]>;
  saveSplit(record: SplitRecord): Promise<void>;
  getSplits(datasetId: string): Promise<readonly SplitRecord[]>;
  recordLineage(record: LineageRecord): Promise<void>;
  /** Every ancestor edge of a dataset, nearest first. */
  getLineage(datasetId: string): Promise<readonly LineageRecord[]>;
  recordAnomaly(record: AnomalyRecord): Promise<void>;
  getAnomalies(datasetId: string): Promise<readonly AnomalyRecord[]>;
  dispose?(): Promise<void>;
}
