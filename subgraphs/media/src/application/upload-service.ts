import type { CommandPipeline } from '@agora/context-runtime';
import { claimUpload } from './claim-upload/claim-upload.command';
import { completeUpload } from './complete-upload/complete-upload.command';
import type { TransactionScope } from './ports';
import { releaseUpload } from './release-upload/release-upload.command';
import type { UploadService } from './uploads';

/**
 * The UploadService the HTTP routes call, on the context's command pipeline (no viewer: the signed
 * URL was the authority), so each step is one transaction with its outbox rows and the files
 * removed after the commit, like every command.
 */
export function pipelineUploadService(commands: CommandPipeline<TransactionScope>): UploadService {
  const request = (mediaId: string, input: unknown) => ({ input, viewer: null, requestId: `upload-${mediaId}` });
  return {
    claim: (mediaId) => commands.execute(claimUpload, request(mediaId, { mediaId })),
    release: (mediaId) => commands.execute(releaseUpload, request(mediaId, { mediaId })),
    complete: (mediaId, result) => commands.execute(completeUpload, request(mediaId, { mediaId, result })),
  };
}
