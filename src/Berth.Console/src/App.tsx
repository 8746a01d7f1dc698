import { useEffect, useState } from 'preact/hooks';
import { getSession, signOut, whenSignedOut, type Session } from './api';
import { useRoute } from './router';
import { Layout } from './components/Layout';
import { Empty, Loading } from './components/ui';
import { Login } from './views/Login';
import { Clusters } from './views/Clusters';
import { Cluster } from './views/Cluster';
import { Service } from './views/Service';
import { Task } from './views/Task';
import { Logs } from './views/Logs';
import { TaskDefinitionFamily, TaskDefinitions } from './views/TaskDefinitions';
import { Repositories, Repository } from './views/Repositories';
import { LoadBalancers } from './views/LoadBalancers';

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    getSession().then(setSession, () => setSession(null));
  }, []);
  if (session === undefined) return <Loading />;
  if (session === null) return <Login onSignedIn={setSession} />;
  const section = route[0] ?? 'clusters';
  return (
    <Layout section={section} user={session.arn ? session.arn.split(':').pop()! : session.accessKeyId} userTitle={session.arn ? `${session.arn} (${session.accessKeyId})` : session.accessKeyId} onSignOut={async () => { await signOut(); setSession(null); }}>
      <Page route={route} />
    </Layout>
  );
}

function Page({ route }: { route: string[] }) {
  const [section = 'clusters', a, b, c, d] = route;
  switch (section) {
    case 'clusters':
      if (!a) return <Clusters />;
      if (b === 'services' && c) return <Service cluster={a} name={c} />;
      if (b === 'tasks' && c && d === 'logs') return <Logs cluster={a} id={c} />;
      if (b === 'tasks' && c) return <Task cluster={a} id={c} />;
      return <Cluster name={a} tab={b} />;
    case 'task-definitions':
      return a ? <TaskDefinitionFamily family={a} revision={b} /> : <TaskDefinitions />;
    case 'repositories':
      return a ? <Repository name={a} /> : <Repositories />;
    case 'load-balancers':
      return <LoadBalancers />;
    default:
      return <Empty title="Page not found"><a href="#/clusters">Go to clusters</a></Empty>;
  }
}
