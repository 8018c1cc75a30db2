export {
  CampaignDetails,
  CampaignDetailsQuery,
  CampaignIdParam,
  CampaignProgress,
  CampaignResponse,
  CampaignsQuery,
  CampaignSummary,
  CreateCampaignBody,
  storedCampaignMessage,
  templatedFields,
} from '../../../../shared/src/api/campaigns.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
