import { ResponseList } from '../components/ResponseList.tsx';

// The foundation's list, until the inbox with filters lands (issue 6).
export function InboxPage() {
  return <ResponseList />;
}
