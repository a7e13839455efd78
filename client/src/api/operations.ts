/** Every GraphQL document the client sends, against the gateway's schema (DESIGN.md contract). */

const USER = 'id firstName lastName username status lastSeenAt role';
const MEMBER = 'id firstName lastName username status';
export const MESSAGE = 'id conversationId seq body status clientId createdAt editedAt deletedAt isFromSupport author { id username firstName lastName }';
const CONVERSATION = `id kind title unreadCount lastSeq members { user { ${MEMBER} } role lastDeliveredSeq lastReadSeq } supportUser { ${MEMBER} } lastMessage { ${MESSAGE} }`;

export const ME = `query Me { me { ${USER} email } }`;

/** The first screen's data in one request. */
export const HOME = `query Home($usersFirst: Int) {
  me { ${USER} email }
  conversations { ${CONVERSATION} }
  users(first: $usersFirst) { edges { node { ${USER} } } pageInfo { hasNextPage endCursor } }
  rooms { ${CONVERSATION} }
  motd
}`;

export const USERS = `query Users($first: Int, $after: String) {
  users(first: $first, after: $after) { edges { node { ${USER} } } pageInfo { hasNextPage endCursor } }
}`;

export const CONVERSATIONS = `query Conversations { conversations { ${CONVERSATION} } }`;

export const MESSAGES = `query Messages($conversationId: ID!, $first: Int, $before: String, $after: String) {
  messages(conversationId: $conversationId, first: $first, before: $before, after: $after) {
    edges { cursor node { ${MESSAGE} } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

export const LOGIN = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token user { ${USER} email } }
}`;

export const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { token user { ${USER} email } }
}`;

export const LOGOUT = 'mutation Logout { logout }';

export const UPDATE_PROFILE = `mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { ${USER} email } }`;

export const CHANGE_PASSWORD = `mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
  changePassword(oldPassword: $oldPassword, newPassword: $newPassword)
}`;

export const SET_STATUS = `mutation SetStatus($status: UserStatus!) { setStatus(status: $status) { ${USER} email } }`;

export const SEND_MESSAGE = `mutation SendMessage($conversationId: ID!, $body: String!, $clientId: String) {
  sendMessage(conversationId: $conversationId, body: $body, clientId: $clientId) { ${MESSAGE} }
}`;

export const EDIT_MESSAGE = `mutation EditMessage($id: ID!, $body: String!) { editMessage(id: $id, body: $body) { ${MESSAGE} } }`;

export const DELETE_MESSAGE = `mutation DeleteMessage($id: ID!) { deleteMessage(id: $id) { ${MESSAGE} } }`;

export const MARK_READ = `mutation MarkRead($conversationId: ID!, $seq: Int!) { markRead(conversationId: $conversationId, seq: $seq) { ${CONVERSATION} } }`;

export const MARK_DELIVERED = `mutation MarkDelivered($conversationId: ID!, $seq: Int!) { markDelivered(conversationId: $conversationId, seq: $seq) { id } }`;

export const OPEN_DIRECT = `mutation OpenDirect($username: String!) { openDirect(username: $username) { ${CONVERSATION} } }`;

export const CREATE_GROUP = `mutation CreateGroup($title: String!, $usernames: [String!]) { createGroup(title: $title, usernames: $usernames) { ${CONVERSATION} } }`;

export const ADD_MEMBER = `mutation AddMember($conversationId: ID!, $username: String!) { addMember(conversationId: $conversationId, username: $username) { ${CONVERSATION} } }`;

export const LEAVE = 'mutation Leave($conversationId: ID!) { leaveConversation(conversationId: $conversationId) }';

export const OPEN_SUPPORT = `mutation OpenSupport { openSupport { ${CONVERSATION} } }`;

export const SUPPORT_QUEUE = `query SupportQueue { supportQueue { ${CONVERSATION} } }`;

export const ROOMS = `query Rooms { rooms { ${CONVERSATION} } }`;

export const CREATE_ROOM = `mutation CreateRoom($title: String!) { createRoom(title: $title) { ${CONVERSATION} } }`;

export const JOIN_ROOM = `mutation JoinRoom($conversationId: ID!) { joinRoom(conversationId: $conversationId) { ${CONVERSATION} } }`;

export const SET_TYPING = 'mutation SetTyping($conversationId: ID!) { setTyping(conversationId: $conversationId) }';

export const MESSAGE_ADDED = `subscription MessageAdded($conversationId: ID, $after: Int) { messageAdded(conversationId: $conversationId, after: $after) { ${MESSAGE} } }`;

export const MESSAGE_UPDATED = `subscription MessageUpdated { messageUpdated { ${MESSAGE} } }`;

export const USER_UPDATED = `subscription UserUpdated { userUpdated { ${USER} } }`;

export const TYPING_CHANGED = `subscription TypingChanged($conversationId: ID!) {
  typingChanged(conversationId: $conversationId) { conversationId typing user { id username } }
}`;

export const CONVERSATION_CHANGED = `subscription ConversationChanged { conversationChanged { ${CONVERSATION} } }`;
