import { render } from 'preact';
import { resume, session } from './state/session';
import { ChatScreen } from './views/ChatScreen';
import { useStore } from './views/hooks';
import { SignIn } from './views/SignIn';
import './styles.css';
import './rich.css';

function App() {
  const current = useStore(session);
  switch (current.kind) {
    case 'loading':
      return (
        <div class="splash" role="status">
          <span class="brand-mark big" aria-hidden="true" />
          <span class="visually-hidden">Loading Charla</span>
        </div>
      );
    case 'signedOut':
      return <SignIn notice={current.notice} />;
    case 'signedIn':
      return <ChatScreen key={current.chat.token} chat={current.chat} />;
  }
}

render(<App />, document.getElementById('app')!);
void resume();
