#!/usr/bin/env bash
# Runs the real Apache Kafka broker (KRaft, one node acting as broker and controller) from the jars
# Maven resolves with tools/kafka/pom.xml. No Docker needed: Java 17 and Maven are enough.
#   kafka.sh install | start | stop | status
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (<repo>/.data/kafka),
#      KAFKA_HEAP (-Xms256m -Xmx768m).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
data=${KAFKA_DATA_DIR:-$repo/.data/kafka}
lib=$here/target/lib
pidfile=$data/kafka.pid
props=$data/server.properties
log=$data/server.log
heap=${KAFKA_HEAP:--Xms256m -Xmx768m}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

install() {
  if [ -f "$lib/kafka_2.13-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml").jar" ]; then
    return 0
  fi
  echo "kafka: resolving the broker from Maven Central (first run only)"
  mvn -q -B -f "$here/pom.xml" package
}

write_config() {
  mkdir -p "$data/logs"
  cat >"$props" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=168
num.network.threads=3
num.io.threads=4
EOF
  cat >"$data/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
EOF
}

java_cmd() {
  java $heap -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$data/log4j.properties" -cp "$lib/*" "$@"
}

start() {
  if pid_alive && port_open "$port"; then
    echo "kafka: already running on 127.0.0.1:$port (pid $(cat "$pidfile"))"
    return 0
  fi
  if port_open "$port"; then
    # Another checkout's broker (or the user's own) already answers: use it rather than fail.
    echo "kafka: a broker already answers on 127.0.0.1:$port (not started by this checkout); using it"
    return 0
  fi
  install
  write_config
  if [ ! -f "$data/logs/meta.properties" ]; then
    java_cmd kafka.tools.StorageTool format -t "$(java_cmd kafka.tools.StorageTool random-uuid)" \
      -c "$props" --ignore-formatted >/dev/null
  fi
  nohup java $heap -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$data/log4j.properties" -cp "$lib/*" kafka.Kafka "$props" \
    >>"$data/stdout.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if port_open "$port" && grep -q "Kafka Server started\|started (kafka.server.KafkaRaftServer)" "$log" 2>/dev/null; then
      echo "kafka: up on 127.0.0.1:$port"
      return 0
    fi
    if ! pid_alive; then break; fi
    sleep 0.5
  done
  echo "kafka: did not come up; last lines of $log:" >&2
  tail -n 40 "$log" "$data/stdout.log" >&2 2>/dev/null || true
  stop >/dev/null
  return 1
}

stop() {
  if ! pid_alive; then
    rm -f "$pidfile"
    echo "kafka: not running"
    return 0
  fi
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "kafka: stopped"
}

status() {
  if port_open "$port"; then
    if pid_alive; then echo "running"; else echo "running (started elsewhere)"; fi
    return 0
  fi
  echo "stopped"
  return 1
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
