#!/bin/bash
# rounds.sh JAR ROUNDS OUT WARMUPS MEASURED BENCHMARK...: one build's benchmarks.jar run fork after fork
# with Java NIO (base) and with netty's epoll transport on the class path (current), who goes first
# alternating; gRPC takes epoll by itself when its native library loads. Read with
#   java -jar target/mallard.jar gate OUT --pairs forks
set -euo pipefail
jar=$1 rounds=$2 out=$3 warmups=$4 measured=$5; shift 5
v=4.1.119.Final   # the netty that Arrow 18.3.0's memory module brings
for a in native-unix-common:$v classes-epoll:$v native-epoll:$v:jar:linux-x86_64; do
  mvn -B -q dependency:get -Dartifact=io.netty:netty-transport-$a -Dtransitive=false
done
m=~/.m2/repository/io/netty
epoll=$m/netty-transport-native-unix-common/$v/netty-transport-native-unix-common-$v.jar
epoll+=:$m/netty-transport-classes-epoll/$v/netty-transport-classes-epoll-$v.jar
epoll+=:$m/netty-transport-native-epoll/$v/netty-transport-native-epoll-$v-linux-x86_64.jar
mkdir -p "$out"
for ((r = 1; r <= rounds; r++)); do
  n=$(printf %02d "$r")
  if ((r % 2)); then order="base current"; else order="current base"; fi
  for side in $order; do
    cp=$jar; [[ $side == base ]] || cp=$epoll:$jar
    java -cp "$cp" org.openjdk.jmh.Main -f 1 -wi "$warmups" -i "$measured" -p rows=24000000 -p batchSize=122880 \
      -p allocator=netty -p partitions=1 -rf json -rff "$out/round-$n-$side.json" "$@" > "$out/round-$n-$side.log" 2>&1
  done
done
