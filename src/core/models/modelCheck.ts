// The check every submit makes before any batch is created: the model exists for this key, can run in a batch,
// and takes the request's max_tokens and effort. The Batches API itself would only say so when the whole batch
// ends, as errored results. One Models API call per model and session; none at activation.
import { classifyError } from '../api/batchClient';
import { ClaudeBatchError } from '../errors';
import { supportsBatch, supportsEffort, type Effort, type ModelInfo } from './modelInfo';
import type { BatchApi } from '../api/batchApi';

export type ModelProblemKind =
  'unknownModel' | 'noAccess' | 'retired' | 'noBatch' | 'maxTokensOverLimit' | 'effortUnsupported';

export interface ModelProblem {
  kind: ModelProblemKind;
  /** The setting to change. */
  field: 'claudeBatch.model' | 'claudeBatch.maxTokens' | 'claudeBatch.effort';
  model: string;
  message: string;
}

/** A submit refused before anything was sent, because of the model settings; the queue is untouched. */
export class ModelRefused extends ClaudeBatchError {
  constructor(readonly problem: ModelProblem) {
    super('modelRefused', problem.message);
  }
}

export interface ModelRequirements {
  model: string;
  /** The largest max_tokens among the requests. */
  maxTokens: number;
  /** undefined: the model's own default (nothing is sent). */
  effort: Effort | undefined;
}

export interface ModelVerdict {
  info: ModelInfo;
  /** Worth saying, not worth refusing: a deprecated model. */
  warnings: string[];
}

export class ModelChecker {
  private readonly known = new Map<string, Promise<ModelInfo>>();

  /** The model as the Models API describes it, asked once per session; a refusal is not remembered. */
  info(api: BatchApi, model: string): Promise<ModelInfo> {
    let info = this.known.get(model);
    if (!info) {
      info = api.retrieveModel(model).catch((error: unknown) => {
        this.known.delete(model);
        throw refusalOf(error, model) ?? error;
      });
      this.known.set(model, info);
    }
    return info;
  }

  async check(api: BatchApi, wanted: ModelRequirements): Promise<ModelVerdict> {
    const info = await this.info(api, wanted.model);
    const refuse = (kind: ModelProblemKind, field: ModelProblem['field'], message: string): never => {
      throw new ModelRefused({ kind, field, model: wanted.model, message });
    };
    if (info.lifecycle === 'retired')
      refuse('retired', 'claudeBatch.model', `Model ${wanted.model} is retired. Choose another in claudeBatch.model.`);
    if (!supportsBatch(info))
      refuse('noBatch', 'claudeBatch.model', `Model ${wanted.model} cannot run in a Message Batch. Choose another.`);
    if (info.max_tokens && wanted.maxTokens > info.max_tokens)
      refuse(
        'maxTokensOverLimit',
        'claudeBatch.maxTokens',
        `max_tokens ${wanted.maxTokens.toLocaleString('en-US')} is over ${wanted.model}'s limit of ${info.max_tokens.toLocaleString('en-US')}. ` +
          `Set claudeBatch.maxTokens to ${info.max_tokens.toLocaleString('en-US')} or less.`,
      );
    if (wanted.effort && !supportsEffort(info, wanted.effort))
      refuse(
        'effortUnsupported',
        'claudeBatch.effort',
        info.capabilities?.effort?.supported
          ? `Model ${wanted.model} does not support effort "${wanted.effort}". Choose another level in claudeBatch.effort.`
          : `Model ${wanted.model} takes no effort level. Set claudeBatch.effort to "default".`,
      );
    const warnings =
      info.lifecycle === 'deprecated'
        ? [
            `Model ${wanted.model} is deprecated${info.retires_at ? ` and retires on ${info.retires_at.slice(0, 10)}` : ''}: choose a current one soon.`,
          ]
        : [];
    return { info, warnings };
  }
}

/** A 404 or 403 from the Models API or count_tokens means the model, not the network: a refusal. */
export function refusalOf(error: unknown, model: string): ModelRefused | undefined {
  const problem = classifyError(error);
  if (problem.kind === 'notFound')
    return new ModelRefused({
      kind: 'unknownModel',
      field: 'claudeBatch.model',
      model,
      message: `The API does not know model "${model}" (claudeBatch.model). Choose a model from the list.`,
    });
  if (problem.kind === 'permission')
    return new ModelRefused({
      kind: 'noAccess',
      field: 'claudeBatch.model',
      model,
      message: `This API key has no access to model "${model}" (claudeBatch.model). Choose another model.`,
    });
  return undefined;
}
