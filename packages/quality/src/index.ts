// The public API of @qstore/quality lands here with a later issue: quality assessment, lineage, split records and anomalies on PostgreSQL.
export {};
