export {
  AutoReplyRuleChanged,
  AutoReplyRuleInput,
  AutoReplyRuleList,
  AutoReplyRuleParams,
  AutoReplyRulePatch,
  AutoReplyRuleResponse,
} from '../../../../shared/src/api/auto-replies.js';
export { SessionIdParam } from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
