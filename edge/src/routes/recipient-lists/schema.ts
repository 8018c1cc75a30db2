export {
  CloneListBody,
  CreateListBody,
  ImportQuery,
  ImportResponse,
  ListCreatedResponse,
  ListDetails,
  ListIdParam,
  ListsQuery,
  ListSummary,
  MAX_CSV_BYTES,
  MAX_RECIPIENTS_PER_REQUEST,
  PageQuery,
  UpdateListBody,
} from '../../../../shared/src/api/recipient-lists.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
