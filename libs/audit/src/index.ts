export {
  auditEventSchema,
  auditKinds,
  auditOutcomes,
  type AuditRecord,
} from './audit-event-schema.js';
export { auditFileIndex, auditFileName, listAuditFiles } from './audit-files.js';
export { canonicalJson } from './canonical-json.js';
export { chainRecord, emptyChainHead, genesisHash, hashRecord, type ChainHead } from './chain.js';
export { CodeStore, codeHash, storeCode } from './code-store.js';
export { followAudit, type FollowOptions } from './follow.js';
export { JsonlAuditSink, defaultMaxFileBytes, type JsonlAuditSinkOptions } from './jsonl-sink.js';
export { MemoryAuditSink } from './memory-sink.js';
export { queryAudit, readAuditFile, tailAudit, type AuditQuery } from './query.js';
export { createRedactor, isCredentialKey, redactedMark, type RedactorOptions } from './redact.js';
export { StdoutAuditSink, type WritableLike } from './stdout-sink.js';
export {
  checkRecord,
  verifyAuditFiles,
  verifyRecords,
  type VerifyFailure,
  type VerifyResult,
} from './verify.js';
