// The SDK client with only the resources we call. `new Anthropic()` carries every resource of the API (beta,
// organization, skills, agent tools…), about 300 KB of a bundle that must load fast; the SDK's BaseAnthropic
// takes the same options and does the same retries, errors and JSONL decoding, with the resources we add.
import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import { Batches } from '@anthropic-ai/sdk/resources/messages/batches';
import { Models } from '@anthropic-ai/sdk/resources/models';
import type { MessageCountTokensParams, MessageTokensCount } from '@anthropic-ai/sdk/resources/messages/messages';

export {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk/core/error';
export type { BatchCreateParams } from '@anthropic-ai/sdk/resources/messages/batches';
export type { MessageCountTokensParams };

export class BatchesSdk extends BaseAnthropic {
  readonly batches = new Batches(this);
  readonly models = new Models(this);

  /** POST /v1/messages/count_tokens, as the SDK's Messages resource sends it (that resource brings streaming). */
  countTokens(body: MessageCountTokensParams): Promise<MessageTokensCount> {
    return this.post('/v1/messages/count_tokens', { body });
  }
}
