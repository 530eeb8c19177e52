// Request validation as the Messages API does it (API version 2026-10-21): the same checks answer a
// count_tokens call at once and turn a batch's request into an errored result when the batch ends.
import { EFFORTS, findModel, type Effort, type SimModel } from './models';

export interface Refusal {
  status: 400 | 403 | 404;
  type: 'invalid_request_error' | 'permission_error' | 'not_found_error';
  message: string;
}

export type Endpoint = 'messages' | 'count_tokens';

const COMMON_FIELDS = [
  'model',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'mcp_servers',
];
const FIELDS: Record<Endpoint, ReadonlySet<string>> = {
  messages: new Set([...COMMON_FIELDS, 'max_tokens', 'metadata', 'stop_sequences', 'service_tier', 'container']),
  count_tokens: new Set(COMMON_FIELDS),
};
/** Sampling parameters this API version removed. */
const REMOVED = new Set(['temperature', 'top_p', 'top_k']);

const invalid = (message: string): Refusal => ({ status: 400, type: 'invalid_request_error', message });

/** The model a request names, or why the API refuses it (404 for an id it does not know, 403 without access). */
export function modelOf(params: Record<string, unknown>): SimModel | Refusal {
  if (typeof params['model'] !== 'string' || !params['model']) return invalid('model: Field required');
  const model = findModel(params['model']);
  if (!model) return { status: 404, type: 'not_found_error', message: `model: ${params['model']}` };
  if (model.restricted)
    return {
      status: 403,
      type: 'permission_error',
      message: `Your organization does not have access to model ${model.id}.`,
    };
  return model;
}

const isRefusal = (value: SimModel | Refusal): value is Refusal => 'status' in value;

/** The effort a request asks for, else the model's default; undefined for a model that takes none. */
export function effortOf(params: Record<string, unknown>, model: SimModel): Effort | undefined {
  const asked = (params['output_config'] as { effort?: Effort } | undefined)?.effort;
  return asked ?? model.defaultEffort;
}

export function checkParams(params: Record<string, unknown>, endpoint: Endpoint): Refusal | undefined {
  const model = modelOf(params);
  if (isRefusal(model)) return model;
  for (const name of Object.keys(params)) {
    if (REMOVED.has(name)) return invalid(`${name}: is not supported on this model; remove it`);
    if (name === 'stream' && endpoint === 'messages') return invalid('stream: is not supported in a batch');
    if (!FIELDS[endpoint].has(name)) return invalid(`${name}: Extra inputs are not permitted`);
  }
  if (endpoint === 'messages') {
    const maxTokens = params['max_tokens'];
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
      return invalid('max_tokens: Field required');
    if (maxTokens > model.maxTokens)
      return invalid(`max_tokens: ${maxTokens} > ${model.maxTokens}, which is the maximum allowed for ${model.id}`);
  }
  if (!Array.isArray(params['messages']) || params['messages'].length === 0) return invalid('messages: Field required');
  return (
    checkMessages(params['messages'] as unknown[], params['output_config']) ??
    checkOutputConfig(params['output_config'], model) ??
    checkThinking(params['thinking'], model) ??
    checkCache(params)
  );
}

/**
 * Turns as the API takes them: user or assistant, the first a user's, no empty text; and no assistant turn last
 * (a prefill) when the answer must follow a JSON schema, which a prefill would break.
 */
function checkMessages(messages: unknown[], outputConfig: unknown): Refusal | undefined {
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'user' && role !== 'assistant')
      return invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
    if (!Array.isArray(blocks) || blocks.length === 0)
      return invalid(`messages.${index}: all messages must have non-empty content`);
    for (const block of blocks as Array<{ type?: unknown; text?: unknown }>)
      if (block.type === 'text' && (typeof block.text !== 'string' || block.text.trim() === ''))
        return invalid(`messages.${index}: text content blocks must contain non-whitespace text`);
  }
  if ((messages[0] as { role?: unknown }).role !== 'user')
    return invalid('messages.0.role: the first message must use the "user" role');
  const last = messages[messages.length - 1] as { role?: unknown };
  if (last.role === 'assistant' && (outputConfig as { format?: unknown } | undefined)?.format !== undefined)
    return invalid(
      'Prefilling the assistant message is not supported when using structured outputs (output_config.format).',
    );
  return undefined;
}

function checkOutputConfig(value: unknown, model: SimModel): Refusal | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return invalid('output_config: Input should be an object');
  for (const key of Object.keys(value))
    if (key !== 'effort' && key !== 'format') return invalid(`output_config.${key}: Extra inputs are not permitted`);
  const { effort, format } = value as { effort?: unknown; format?: { type?: unknown; schema?: unknown } };
  if (effort !== undefined && effort !== null) {
    if (!EFFORTS.includes(effort as Effort))
      return invalid(`output_config.effort: Input should be ${EFFORTS.map((e) => `'${e}'`).join(', ')}`);
    if (!model.efforts.includes(effort as Effort))
      return invalid(`output_config.effort: '${String(effort)}' is not supported by ${model.id}`);
  }
  if (format !== undefined && (format.type !== 'json_schema' || typeof format.schema !== 'object'))
    return invalid("output_config.format: type must be 'json_schema' with a schema");
  return undefined;
}

function checkThinking(value: unknown, model: SimModel): Refusal | undefined {
  if (value === undefined) return undefined;
  const type = (value as { type?: unknown } | null)?.type;
  if (type === 'disabled' && model.thinking === 'always')
    return invalid(`thinking.type: 'disabled' is not supported by ${model.id}, which always thinks`);
  if (type === 'enabled' && model.thinking !== 'extended')
    return invalid(`thinking.type: 'enabled' is not supported by ${model.id}; use output_config.effort`);
  if (type === 'adaptive' && model.thinking === 'extended')
    return invalid(`thinking.type: 'adaptive' is not supported by ${model.id}`);
  if (!['disabled', 'enabled', 'adaptive'].includes(String(type))) return invalid('thinking.type: Field required');
  return undefined;
}

/** The API takes at most this many cache_control marks in one request (tools, system and messages together). */
export const MAX_CACHE_BREAKPOINTS = 4;

/** Every cache_control mark must be an ephemeral entry with a TTL the API knows, and there are at most four. */
function checkCache(params: Record<string, unknown>): Refusal | undefined {
  const blocks = [
    ...(Array.isArray(params['system']) ? params['system'] : []),
    ...(params['messages'] as Array<{ content?: unknown }>).flatMap((m) => (Array.isArray(m.content) ? m.content : [])),
  ] as Array<{ cache_control?: { type?: unknown; ttl?: unknown } }>;
  const marks = blocks.filter((b) => b.cache_control !== undefined).length;
  if (marks > MAX_CACHE_BREAKPOINTS)
    return invalid(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${marks}.`);
  for (const block of blocks) {
    const mark = block.cache_control;
    if (mark === undefined) continue;
    if (mark.type !== 'ephemeral') return invalid("cache_control.type: Input should be 'ephemeral'");
    if (mark.ttl !== undefined && mark.ttl !== '5m' && mark.ttl !== '1h')
      return invalid("cache_control.ttl: Input should be '5m' or '1h'");
  }
  return undefined;
}
