#!/usr/bin/env bash
# The Fargate tutorial of ../shared/seeds/000 with the seed's own Flask app.py, walked with the AWS CLI against a
# running Berth ($BERTH_ENDPOINT): a Debian image with python3-flask is built offline from the Debian mirror
# (debootstrap, a few minutes the first time, then cached as local/flask-base:bookworm), pushed to Berth's
# registry, and served by a service of two 1 vCPU / 2 GB tasks behind an application load balancer.
# Opt-in (not part of make test, for its build time): make tutorial
. "$(dirname "$0")/../../../shared/acceptance/lib.sh"
N=flask-$RUN_ID
LB_PORT=${LB_PORT:-18181}
if ! docker image inspect local/flask-base:bookworm >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=python3-flask bookworm "$root" http://deb.debian.org/debian >/dev/null
  tar -C "$root" -c . | docker import - local/flask-base:bookworm >/dev/null
  rm -rf "$root"
fi
app=$(mktemp -d); mkdir -p "$app/templates"
cat >"$app/app.py" <<'PY'
from flask import render_template
from flask import Flask

app = Flask(__name__)

@app.route('/')
def home():
    return render_template('index.html')

@app.route('/app')
def blog():
    return "Hello, from App!"


if __name__ == '__main__':
    app.run(threaded=True,host='0.0.0.0',port=8081)
PY
echo "<h1>Flask on Berth</h1>" >"$app/templates/index.html"
printf 'FROM local/flask-base:bookworm\nCOPY . /app\nWORKDIR /app\nEXPOSE 8081\nENTRYPOINT [ "python3" ]\nCMD [ "app.py" ]\n' >"$app/Dockerfile"

uri=$(awsb ecr create-repository --repository-name "$N/flask-app" | jqr 'd["repository"]["repositoryUri"]')
awsb ecr get-login-password | docker login --username AWS --password-stdin "${uri%%/*}" >/dev/null 2>&1
check "build the flask-app image and push it to Berth's registry" sh -c "docker build -q -t '$uri:latest' '$app' && docker push -q '$uri:latest'"
rm -rf "$app"
check "create the cluster" awsb ecs create-cluster --cluster-name "$N-DemoAppCluster"
check "register DemoTaskDefinition (1 vCPU / 2 GB, port 8081)" awsb ecs register-task-definition --family "$N-DemoTaskDefinition" \
  --requires-compatibilities FARGATE --network-mode awsvpc --cpu 1024 --memory 2048 --container-definitions '[{"name":"DemoAppContainer",
  "image":"'"$uri:latest"'","essential":true,"portMappings":[{"containerPort":8081,"protocol":"tcp"}]}]'
lb=$(awsb elbv2 create-load-balancer --name "$N-lb" --type application --scheme internet-facing | jqr 'd["LoadBalancers"][0]["LoadBalancerArn"]')
tg=$(awsb elbv2 create-target-group --name "$N-tg" --protocol HTTP --port 8081 --target-type ip --health-check-path /app | jqr 'd["TargetGroups"][0]["TargetGroupArn"]')
check "create the load balancer, target group and listener" awsb elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP \
  --port "$LB_PORT" --default-actions "Type=forward,TargetGroupArn=$tg"
check "create DemoAppService with two tasks" awsb ecs create-service --cluster "$N-DemoAppCluster" --service-name DemoAppService \
  --task-definition "$N-DemoTaskDefinition" --desired-count 2 --launch-type FARGATE \
  --load-balancers "targetGroupArn=$tg,containerName=DemoAppContainer,containerPort=8081"
check "the service becomes stable" ecs_wait services-stable --cluster "$N-DemoAppCluster" --services DemoAppService
check "both targets in service" timeout 120 aws --endpoint-url "$BERTH_ENDPOINT" elbv2 wait target-in-service --target-group-arn "$tg"
dns=$(awsb elbv2 describe-load-balancers --load-balancer-arns "$lb" | jqr 'd["LoadBalancers"][0]["DNSName"]')
check "/app answers through the load balancer's DNS name" sh -c "curl -fsS 'http://$dns:$LB_PORT/app' | grep -q 'Hello, from App!'"
check "/ renders the template" sh -c "curl -fsS 'http://$dns:$LB_PORT/' | grep -q 'Flask on Berth'"
check "delete the service" awsb ecs delete-service --cluster "$N-DemoAppCluster" --service DemoAppService --force
summary "the Fargate tutorial with the seed's Flask app"
