import type { ImitationError } from './model-imitation.js';

const QUOTA_HELP = 'https://ai.google.dev/gemini-api/docs/rate-limits';
const METRIC = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
/** The model both errors name. */
const MODEL = 'gemini-2.5-flash';

/** The Gemini API's HTTP 429 RESOURCE_EXHAUSTED for a spent free-tier quota of gemini-2.5-flash, in its documented shape. */
function freeTierQuotaError(quota: {
  readonly quotaId: string;
  readonly limit: number;
  readonly retryIn: string;
  readonly retryDelay: string;
  readonly withHelp: boolean;
}): ImitationError {
  return {
    status: 429,
    type: 'RESOURCE_EXHAUSTED',
    message: `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${QUOTA_HELP}.\n* Quota exceeded for metric: ${METRIC}, limit: ${quota.limit}, model: ${MODEL}\nPlease retry in ${quota.retryIn}.`,
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: METRIC,
            quotaId: quota.quotaId,
            quotaDimensions: { location: 'global', model: MODEL },
            quotaValue: String(quota.limit),
          },
        ],
      },
      ...(quota.withHelp
        ? [
            {
              '@type': 'type.googleapis.com/google.rpc.Help',
              links: [{ description: 'Learn more about Gemini API quotas', url: QUOTA_HELP }],
            },
          ]
        : []),
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: quota.retryDelay },
    ],
  };
}

/** The answer when a project's daily free-tier quota is spent: Gemini CLI shows its quota dialog. */
export const GEMINI_DAILY_QUOTA_ERROR: ImitationError = freeTierQuotaError({
  quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
  limit: 250,
  retryIn: '7h12m3s',
  retryDelay: '25923s',
  withHelp: true,
});

/** The answer when the per-minute quota is spent ("Please retry in 6s"): Gemini CLI waits and tries again. */
export const GEMINI_MINUTE_QUOTA_ERROR: ImitationError = freeTierQuotaError({
  quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
  limit: 10,
  retryIn: '6s',
  retryDelay: '6s',
  withHelp: false,
});
