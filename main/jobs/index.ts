export { JobService, type JobServiceOptions, type NewJob, type NewJobRow, type JobDetail, type JobRowDetail, type JobRowsQuery, type JobRowsPageResult, type OpenJobServiceResult, type ProgressListener, type JobsChangedListener } from './job-service.js';
export { acquireDataFolderLock, LOCK_FILE, type LockHolder, type LockResult, type DataFolderLock } from './lock.js';
export { Journal, readJournal } from './journal.js';
