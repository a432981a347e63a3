import type { ImitationError } from './model-imitation.js';

const QUOTA_HELP = 'https://ai.google.dev/gemini-api/docs/rate-limits';
const METRIC = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
/** The model both errors name. */
const MODEL = 'gemini-2.5-flash';

/**
 * The Gemini API's answer when a project's daily free-tier quota for gemini-2.5-flash is spent
 * (HTTP 429 RESOURCE_EXHAUSTED, its documented shape): Gemini CLI shows its quota dialog.
 */
export const GEMINI_DAILY_QUOTA_ERROR: ImitationError = {
  status: 429,
  type: 'RESOURCE_EXHAUSTED',
  message: `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${QUOTA_HELP}.\n* Quota exceeded for metric: ${METRIC}, limit: 250, model: ${MODEL}\nPlease retry in 7h12m3s.`,
  details: [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: METRIC,
          quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
          quotaDimensions: { location: 'global', model: MODEL },
          quotaValue: '250',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: QUOTA_HELP }] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '25923s' },
  ],
};

/** The same API's answer when the per-minute quota is spent ("Please retry in 6s"): Gemini CLI waits and tries again. */
export const GEMINI_MINUTE_QUOTA_ERROR: ImitationError = {
  status: 429,
  type: 'RESOURCE_EXHAUSTED',
  message: `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${QUOTA_HELP}.\n* Quota exceeded for metric: ${METRIC}, limit: 10, model: ${MODEL}\nPlease retry in 6s.`,
  details: [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: METRIC,
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          quotaDimensions: { location: 'global', model: MODEL },
          quotaValue: '10',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '6s' },
  ],
};
