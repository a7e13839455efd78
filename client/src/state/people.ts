import { ChangePasswordDocument, SetStatusDocument, UpdateProfileDocument, UsersDocument, type UsersPageFragment } from '../api/generated';
import { USERS_PAGE } from './home';
import { everyPage } from './pages';
import type { Request } from './ports';
import { putUser, type ChatStore } from './store';
import type { UserStatus } from './types';

export interface PeopleDeps {
  store: ChatStore;
  request: Request;
}

/** Everyone registered, and my own record: presence, names and the profile I edit. */
export class People {
  private stopped = false;

  constructor(private readonly deps: PeopleDeps) {}

  /** Everyone past the first page the home query brought. */
  async loadEveryone(pageInfo: UsersPageFragment['pageInfo']): Promise<void> {
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
    await everyPage(
      pageInfo.endCursor,
      (after) => this.deps.request(UsersDocument, { first: USERS_PAGE, after }),
      ({ users }) => {
        for (const e of users.edges) putUser(this.deps.store, e.node);
        return users.pageInfo.hasNextPage && !this.stopped ? users.pageInfo.endCursor : null;
      },
    );
  }

  async setStatus(status: UserStatus): Promise<void> {
    const { setStatus } = await this.deps.request(SetStatusDocument, { status });
    putUser(this.deps.store, setStatus);
  }

  async updateProfile(input: { firstName: string; lastName: string; email: string }): Promise<void> {
    const { updateProfile } = await this.deps.request(UpdateProfileDocument, { input });
    putUser(this.deps.store, updateProfile);
  }

  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await this.deps.request(ChangePasswordDocument, { oldPassword, newPassword });
  }

  stop(): void {
    this.stopped = true;
  }
}
