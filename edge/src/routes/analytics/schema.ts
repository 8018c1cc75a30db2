export {
  AnalyticsQuery,
  AnalyticsResponse,
  CampaignAnalyticsQuery,
  CampaignAnalyticsResponse,
} from '../../../../shared/src/api/analytics.js';
