#!/usr/bin/perl
# Aggregates bench/results/runs.csv (one row per run) into latest.csv and latest.md: medians per
# operation and concurrency, the ratio API / pgbench, half-of-peak latencies and the targets.
use strict;
use warnings;

my $out = $ENV{OUT};
open(my $fh, '<', $ENV{RUNS_CSV}) or die "$ENV{RUNS_CSV}: $!";
my $header = <$fh>;
chomp $header;
my @cols = split /,/, $header;
my %rows;    # "op|mode|c" -> [ {col => value} ]
my @order;
while (<$fh>) {
	chomp;
	my @v = split /,/, $_, -1;
	my %r;
	@r{@cols} = @v;
	my $k = join '|', @r{qw(op mode concurrency)};
	push @order, $k unless $rows{$k};
	push @{ $rows{$k} }, \%r;
}
close $fh;

sub median {
	my @a = sort { $a <=> $b } grep { defined && $_ ne '' } @_;
	return undef unless @a;
	return @a % 2 ? $a[$#a / 2] : ($a[@a / 2 - 1] + $a[@a / 2]) / 2;
}
sub med { my ($k, $col) = @_; return median(map { $_->{$col} } @{ $rows{$k} || [] }); }
sub fmt { my ($v, $d) = @_; return defined $v ? sprintf("%.${d}f", $v) : ''; }
sub sum { my $s = 0; $s += $_ for @_; return $s; }

my @ops = split ' ', $ENV{OPS};
my @cs = split ' ', $ENV{CONCURRENCIES};
my %target = (create => 0.6, retrieve => 0.6, list => 0.5);
my %p99target = (create => 20, retrieve => 10);

open(my $csv, '>', "$out/latest.csv") or die;
print $csv "op,mode,concurrency,runs,rps,p50_ms,p90_ms,p99_ms,p999_ms,pgbench_tps,pgbench_latency_avg_ms,ratio_api_to_pgbench,"
	. "server_cpu_pct,pg_cpu_pct,others_cpu_pct,server_cpu_us_per_req,pg_cpu_us_per_req,server_rss_max_mb,errors\n";

my $md = '';
$md .= "### Stile server benchmark, $ENV{DATE}\n\n";
$md .= "Machine: $ENV{CPU_MODEL}, $ENV{NPROC} cores, $ENV{MEM_GB} GB RAM, Linux $ENV{KERNEL}; wrk, PostgreSQL and the server "
	. "on the same cores. Load average before/after: " . (split ' ', $ENV{LOAD_BEFORE})[0] . " / "
	. (split ' ', $ENV{LOAD_AFTER})[0] . ".  \n";
$md .= "Server: $ENV{JAVA_VERSION}" . ($ENV{JAVA_OPTS} ? ", `$ENV{JAVA_OPTS}`" : ", no JVM options") . ". "
	. "PostgreSQL $ENV{PG_VERSION}: `$ENV{PG_SETTINGS}`.  \n";
$md .= "Each point: median of $ENV{RUNS} runs of wrk ($ENV{DURATION} s, $ENV{WRK_THREADS} threads) and of pgbench "
	. "($ENV{PGBENCH_DURATION} s, `-M prepared`, same connections) running the SQL captured from the server for that request "
	. "(`bench/results/sql-*.pgbench`). CPU is % of one core (in brackets: the JIT compiler's share); µs/req is CPU time per request.\n\n";

$md .= "| operation | conc. | API req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | pgbench tx/s (its SQL) | API / pgbench "
	. "| server CPU % (JIT) | server µs/req | PostgreSQL µs/req | others' CPU % | errors |\n";
$md .= "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
my (%peak, %pgpeak, %bestratio);
for my $op (@ops) {
	for my $c (@cs) {
		my $a = "$op|api|$c";
		my $p = "$op|pgbench|$c";
		next unless $rows{$a};
		my $rps = med($a, 'rps');
		my $tps = med($p, 'rps');
		my $ratio = ($tps && $rps) ? $rps / $tps : undef;
		$peak{$op} = $rps if !defined $peak{$op} || $rps > $peak{$op};
		$pgpeak{$op} = $tps if defined $tps && (!defined $pgpeak{$op} || $tps > $pgpeak{$op});
		$bestratio{$op} = $ratio if defined $ratio && (!defined $bestratio{$op} || $ratio > $bestratio{$op});
		my $errors = sum(map { $_->{errors} } @{ $rows{$a} });
		$md .= sprintf "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $op, $c, fmt($rps, 0),
			fmt(med($a, 'p50_ms'), 2), fmt(med($a, 'p90_ms'), 2), fmt(med($a, 'p99_ms'), 2), fmt(med($a, 'p999_ms'), 2),
			fmt($tps, 0), fmt($ratio, 2), fmt(med($a, 'server_cpu_pct'), 0) . (defined med($a, 'server_jit_cpu_pct') ? ' (' . fmt(med($a, 'server_jit_cpu_pct'), 0) . ')' : ''), fmt(med($a, 'server_cpu_us_per_req'), 0),
			fmt(med($a, 'pg_cpu_us_per_req'), 0), fmt(med($a, 'others_cpu_pct'), 0), $errors;
		print $csv join(',', $op, 'api', $c, scalar @{ $rows{$a} }, fmt($rps, 1), fmt(med($a, 'p50_ms'), 3),
			fmt(med($a, 'p90_ms'), 3), fmt(med($a, 'p99_ms'), 3), fmt(med($a, 'p999_ms'), 3), fmt($tps, 1),
			fmt(med($p, 'p50_ms'), 3), fmt($ratio, 3), fmt(med($a, 'server_cpu_pct'), 0), fmt(med($a, 'pg_cpu_pct'), 0),
			fmt(med($a, 'others_cpu_pct'), 0), fmt(med($a, 'server_cpu_us_per_req'), 0),
			fmt(med($a, 'pg_cpu_us_per_req'), 0), fmt(med($a, 'server_rss_max_mb'), 0), $errors) . "\n";
	}
}

# Half of peak.
my %half;
if (open(my $hf, '<', $ENV{HALF_FILE})) {
	while (<$hf>) { chomp; my ($op, $pk, $t) = split /,/; $half{$op} = [$pk, $t]; }
}
if (%half) {
	$md .= "\nAt half of the peak rate (wrk with a random think time per connection, $ENV{HALF_PEAK_CONCURRENCY} connections):\n\n";
	$md .= "| operation | peak req/s | target req/s | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | server CPU % |\n";
	$md .= "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
	for my $op (@ops) {
		next unless $half{$op};
		my $k = "$op|api-half-peak|$ENV{HALF_PEAK_CONCURRENCY}";
		next unless $rows{$k};
		$md .= sprintf "| %s | %.0f | %.0f | %s | %s | %s | %s | %s | %s |\n", $op, @{ $half{$op} }, fmt(med($k, 'rps'), 0),
			fmt(med($k, 'p50_ms'), 2), fmt(med($k, 'p90_ms'), 2), fmt(med($k, 'p99_ms'), 2), fmt(med($k, 'p999_ms'), 2),
			fmt(med($k, 'server_cpu_pct'), 0);
		print $csv join(',', $op, 'api-half-peak', $ENV{HALF_PEAK_CONCURRENCY}, scalar @{ $rows{$k} }, fmt(med($k, 'rps'), 1),
			fmt(med($k, 'p50_ms'), 3), fmt(med($k, 'p90_ms'), 3), fmt(med($k, 'p99_ms'), 3), fmt(med($k, 'p999_ms'), 3),
			'', '', '', fmt(med($k, 'server_cpu_pct'), 0), fmt(med($k, 'pg_cpu_pct'), 0), fmt(med($k, 'others_cpu_pct'), 0),
			fmt(med($k, 'server_cpu_us_per_req'), 0), fmt(med($k, 'pg_cpu_us_per_req'), 0),
			fmt(med($k, 'server_rss_max_mb'), 0), sum(map { $_->{errors} } @{ $rows{$k} })) . "\n";
	}
}
close $csv;

$md .= "\nStart-up to ready (schema already migrated): **$ENV{START} s** (Spring reports $ENV{START_JVM} s); first start on an "
	. "empty database (Flyway migrations, bootstrap): $ENV{FIRST_START} s.  \n";
$md .= "Server resident memory: $ENV{RSS_IDLE} MB idle after start, **$ENV{RSS_MAX_ALL} MB** at most under load (sampled every "
	. "second), $ENV{RSS_AFTER} MB idle after the load (peak VmHWM $ENV{RSS_HWM} MB).\n\n";

# Targets.
$md .= "| target | measured | |\n|---|---|---|\n";
for my $op (qw(create retrieve list)) {
	next unless defined $peak{$op} && defined $pgpeak{$op};
	my $r = $peak{$op} / $pgpeak{$op};
	$md .= sprintf "| %s ≥ %.1f × pgbench of its SQL | peak %.0f / %.0f req/s = %.2f (best at equal concurrency %.2f) | %s |\n",
		$op, $target{$op}, $peak{$op}, $pgpeak{$op}, $r, $bestratio{$op}, $r >= $target{$op} ? 'met' : 'missed';
}
for my $op (qw(create retrieve)) {
	my $k = "$op|api-half-peak|$ENV{HALF_PEAK_CONCURRENCY}";
	next unless $rows{$k};
	my $p99 = med($k, 'p99_ms');
	$md .= sprintf "| %s p99 ≤ %d ms at half of peak | %.2f ms at %.0f req/s | %s |\n", $op, $p99target{$op}, $p99,
		med($k, 'rps'), $p99 <= $p99target{$op} ? 'met' : 'missed';
}
$md .= sprintf "| RSS ≤ 400 MB under load | %d MB | %s |\n", $ENV{RSS_MAX_ALL}, $ENV{RSS_MAX_ALL} <= 400 ? 'met' : 'missed';
$md .= sprintf "| start-up ≤ 5 s (migrated database) | %.2f s | %s |\n", $ENV{START}, $ENV{START} <= 5 ? 'met' : 'missed';

open(my $mdf, '>', "$out/latest.md") or die;
print $mdf $md;
close $mdf;
