-- Mallard's synthetic flights table, modelled on the US BTS "Reporting Carrier On-Time Performance" data.
-- Template parameters (substituted by dev.mallard.dataset.FlightsDataset, numbers only):
--   {{rows}}  how many rows to produce (> 0)
--   {{seed}}  64-bit seed; the same rows + seed give the same rows, in the same order
-- Row ids come from a table flight_row_ids(i BIGINT) holding 0 .. rows - 1, which the generator fills first:
-- DuckDB scans a table on all threads but range() on one, and the ids cost a few hundred milliseconds.
-- To run this by hand in the duckdb shell:
--   CREATE TEMP TABLE flight_row_ids AS SELECT range AS i FROM range(1000);
--   then this file with {{rows}} = 1000 and {{seed}} = 42.
-- Every random-looking value is DuckDB's hash() of (16 * row id + stream number) xor hash(seed), mapped to
-- [0, 1): no random(), no state, so the query is deterministic however many threads run it.
-- Airport weights are rough annual departures (thousands), carrier weights rough shares (per mille), both
-- after BTS 2019; coordinates are the airports' own, so DISTANCE is the great-circle distance of the pair.
WITH
airport(code, lat, lon, w) AS (VALUES
  ('ATL', 33.6407, -84.4277, 390), ('ORD', 41.9742, -87.9073, 340), ('DFW', 32.8998, -97.0403, 310),
  ('DEN', 39.8561, -104.6737, 290), ('CLT', 35.2144, -80.9473, 230), ('LAX', 33.9416, -118.4085, 220),
  ('PHX', 33.4342, -112.0116, 170), ('IAH', 29.9902, -95.3368, 170), ('LAS', 36.0840, -115.1537, 165),
  ('SEA', 47.4502, -122.3088, 165), ('SFO', 37.6213, -122.3790, 165), ('DTW', 42.2162, -83.3554, 165),
  ('MSP', 44.8848, -93.2223, 160), ('LGA', 40.7769, -73.8740, 160), ('EWR', 40.6895, -74.1745, 150),
  ('BOS', 42.3656, -71.0096, 150), ('MCO', 28.4312, -81.3081, 145), ('DCA', 38.8512, -77.0402, 140),
  ('JFK', 40.6413, -73.7781, 130), ('PHL', 39.8744, -75.2424, 130), ('SLC', 40.7899, -111.9791, 120),
  ('BWI', 39.1754, -76.6683, 110), ('FLL', 26.0742, -80.1506, 100), ('SAN', 32.7338, -117.1933, 100),
  ('BNA', 36.1263, -86.6774, 100), ('MDW', 41.7868, -87.7522, 90), ('IAD', 38.9531, -77.4565, 90),
  ('TPA', 27.9755, -82.5332, 90), ('PDX', 45.5898, -122.5951, 90), ('AUS', 30.1975, -97.6664, 85),
  ('STL', 38.7487, -90.3700, 80), ('DAL', 32.8471, -96.8518, 70), ('RDU', 35.8801, -78.7880, 70),
  ('HOU', 29.6454, -95.2789, 65), ('MCI', 39.2976, -94.7139, 60), ('SMF', 38.6954, -121.5908, 60),
  ('MSY', 29.9934, -90.2580, 60), ('HNL', 21.3245, -157.9251, 60), ('SJC', 37.3639, -121.9289, 55),
  ('OAK', 37.7126, -122.2197, 55), ('CVG', 39.0488, -84.6678, 55), ('SAT', 29.5337, -98.4698, 50),
  ('CLE', 41.4058, -81.8539, 50), ('PIT', 40.4915, -80.2329, 50), ('IND', 39.7173, -86.2944, 50),
  ('SNA', 33.6762, -117.8675, 50), ('CMH', 39.9980, -82.8919, 45), ('MKE', 42.9476, -87.8966, 35),
  ('JAX', 30.4941, -81.6879, 35), ('OGG', 20.8986, -156.4305, 30), ('ANC', 61.1743, -149.9962, 30),
  ('ABQ', 35.0402, -106.6092, 30), ('BUR', 34.1975, -118.3585, 30), ('RSW', 26.5362, -81.7552, 30),
  ('BDL', 41.9389, -72.6832, 30), ('ONT', 34.0560, -117.6012, 25), ('PBI', 26.6832, -80.0956, 25),
  ('BUF', 42.9405, -78.7322, 25), ('OMA', 41.3032, -95.8941, 25), ('OKC', 35.3931, -97.6007, 25),
  ('MEM', 35.0424, -89.9767, 25), ('RIC', 37.5052, -77.3197, 25), ('SDF', 38.1744, -85.7360, 25),
  ('BOI', 43.5644, -116.2228, 20), ('ELP', 31.8072, -106.3776, 20), ('TUS', 32.1161, -110.9410, 20),
  ('CHS', 32.8986, -80.0405, 20), ('SJU', 18.4394, -66.0018, 20), ('SAV', 32.1276, -81.2021, 15),
  ('ORF', 36.8946, -76.2012, 15), ('GEG', 47.6199, -117.5339, 15), ('TUL', 36.1984, -95.8881, 12),
  ('GRR', 42.8808, -85.5228, 12), ('PVD', 41.7267, -71.4204, 12), ('PSP', 33.8297, -116.5070, 10),
  ('MSN', 43.1399, -89.3375, 10), ('DSM', 41.5340, -93.6631, 10), ('LIT', 34.7294, -92.2243, 10),
  ('SYR', 43.1112, -76.1063, 10), ('ALB', 42.7483, -73.8017, 10), ('TYS', 35.8110, -83.9940, 10),
  ('KOA', 19.7388, -156.0456, 10), ('ROC', 43.1189, -77.6724, 9), ('XNA', 36.2819, -94.3068, 9),
  ('LIH', 21.9760, -159.3390, 9), ('ICT', 37.6499, -97.4331, 8), ('PWM', 43.6462, -70.3093, 8),
  ('GSP', 34.8957, -82.2189, 8), ('PNS', 30.4734, -87.1866, 8), ('FAR', 46.9207, -96.8158, 6),
  ('BIL', 45.8077, -108.5429, 6), ('BZN', 45.7775, -111.1530, 6), ('JAC', 43.6073, -110.7377, 4),
  ('FAI', 64.8151, -147.8561, 4)
),
carrier(code, w) AS (VALUES
  ('WN', 175), ('DL', 138), ('AA', 125), ('OO', 115), ('UA', 87), ('YX', 45), ('MQ', 43), ('B6', 40),
  ('OH', 36), ('9E', 36), ('AS', 34), ('YV', 31), ('NK', 28), ('EV', 20), ('F9', 18), ('G4', 15),
  ('HA', 12), ('QX', 9)
),
-- Scheduled departures per hour of day: a morning bank from 06:00, a long day, a thin night.
dep_hour(h, w) AS (VALUES
  (0, 3), (1, 1), (2, 1), (3, 1), (4, 2), (5, 30), (6, 70), (7, 70), (8, 68), (9, 60), (10, 60), (11, 60),
  (12, 60), (13, 60), (14, 58), (15, 60), (16, 60), (17, 65), (18, 60), (19, 55), (20, 45), (21, 35),
  (22, 20), (23, 10)
),
-- Weighted choice by table lookup: each category owns a share of 10,000 slots proportional to its weight,
-- so a uniform slot number picks it with that probability (list_extract is O(1) per row).
airport_ranked AS (
  SELECT row_number() OVER (ORDER BY code) AS idx, code, lat, lon, w,
         sum(w) OVER (ORDER BY code) - w AS below, sum(w) OVER () AS total
  FROM airport
),
carrier_ranked AS (
  SELECT code, sum(w) OVER (ORDER BY code) - w AS below, w, sum(w) OVER () AS total FROM carrier
),
dep_hour_ranked AS (
  SELECT h, sum(w) OVER (ORDER BY h) - w AS below, w, sum(w) OVER () AS total FROM dep_hour
),
lookup AS (
  SELECT
    (SELECT list(code ORDER BY idx) FROM airport_ranked) AS ap_code,
    -- great-circle miles between airports a and b at index (a - 1) * count + b: computed once, not per row
    (SELECT list(round(3958.8 * 2 * asin(sqrt(
        pow(sin(radians(b.lat - a.lat) / 2), 2)
        + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2))))::INTEGER
        ORDER BY a.idx, b.idx)
      FROM airport_ranked a CROSS JOIN airport_ranked b) AS ap_miles,
    (SELECT count(*) FROM airport_ranked) AS ap_count,
    (SELECT list(a.idx ORDER BY s.slot) FROM range(10000) s(slot) JOIN airport_ranked a
       ON s.slot >= a.below * 10000 // a.total AND s.slot < (a.below + a.w) * 10000 // a.total) AS ap_slot,
    (SELECT list(c.code ORDER BY s.slot) FROM range(10000) s(slot) JOIN carrier_ranked c
       ON s.slot >= c.below * 10000 // c.total AND s.slot < (c.below + c.w) * 10000 // c.total) AS carrier_slot,
    (SELECT list(d.h ORDER BY s.slot) FROM range(10000) s(slot) JOIN dep_hour_ranked d
       ON s.slot >= d.below * 10000 // d.total AND s.slot < (d.below + d.w) * 10000 // d.total) AS hour_slot
),
-- The k-th uniform draw of row i is hash(16 i + k, mixed with the seed's hash) mapped to [0, 1) with 53 bits.
-- DuckDB's hash() is a bijective 64-bit mixer on one integer, so distinct (i, k) give unrelated draws;
-- hash(i, seed, k) with several arguments would not: its combine step barely mixes the last argument.
draw AS (
  SELECT
    i,
    (hash(xor((i * 16 + 1)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_origin,
    (hash(xor((i * 16 + 2)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_dest,
    (hash(xor((i * 16 + 3)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_carrier,
    (hash(xor((i * 16 + 4)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_hour,
    (hash(xor((i * 16 + 5)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_minute,
    (hash(xor((i * 16 + 6)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_cancel,
    (hash(xor((i * 16 + 7)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_delay_kind,
    (hash(xor((i * 16 + 8)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_delay,
    (hash(xor((i * 16 + 9)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_air_a,
    (hash(xor((i * 16 + 10)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_air_b,
    (hash(xor((i * 16 + 11)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_taxi,
    (hash(xor((i * 16 + 12)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_dest_alt,
    (hash(xor((i * 16 + 13)::UBIGINT, hash(CAST({{seed}} AS BIGINT)))) >> 11)::DOUBLE / 9007199254740992.0 AS u_dest_spare
  FROM flight_row_ids
),
leg AS (
  SELECT
    d.*,
    ap_slot[1 + (u_origin * 10000)::BIGINT % 10000] AS o,
    ap_slot[1 + (u_dest * 10000)::BIGINT % 10000] AS c1,
    ap_slot[1 + (u_dest_alt * 10000)::BIGINT % 10000] AS c2,
    ap_slot[1 + (u_dest_spare * 10000)::BIGINT % 10000] AS c3,
    carrier_slot[1 + (u_carrier * 10000)::BIGINT % 10000] AS carrier,
    hour_slot[1 + (u_hour * 10000)::BIGINT % 10000] * 60 + (u_minute * 60)::INTEGER % 60 AS crs_dep_min,
    l.ap_code, l.ap_count, l.ap_miles
  FROM draw d CROSS JOIN lookup l
),
candidates AS (
  SELECT
    *,
    -- A flight never returns to its origin: a draw of the origin is replaced by another draw. Only when
    -- all three hit it (0.02% of ATL's flights) does the next airport in the list stand in; always using
    -- the neighbour would make ATL-AUS or DEN-DFW busier than any real route.
    CASE WHEN c1 <> o THEN c1 WHEN c2 <> o THEN c2 WHEN c3 <> o THEN c3 ELSE c3 % ap_count + 1 END AS d1,
    CASE WHEN c2 <> o THEN c2 WHEN c1 <> o THEN c1 WHEN c3 <> o THEN c3 ELSE c3 % ap_count + 1 END AS d2
  FROM leg
),
route AS (
  SELECT
    *,
    ap_miles[(o - 1) * ap_count + d1] AS miles1,
    ap_miles[(o - 1) * ap_count + d2] AS miles2
  FROM candidates
),
measured AS (
  -- Of two destinations drawn by traffic, fly to the nearer: real networks favour short legs (BTS mean
  -- ~800 miles, where independent draws give ~1,260). Under 100 miles (SFO-OAK, EWR-LGA) nobody flies,
  -- so then the farther one.
  SELECT
    *,
    CASE WHEN least(miles1, miles2) >= 100 THEN (CASE WHEN miles1 <= miles2 THEN d1 ELSE d2 END)
         ELSE (CASE WHEN miles1 >= miles2 THEN d1 ELSE d2 END) END AS dst,
    CASE WHEN least(miles1, miles2) >= 100 THEN least(miles1, miles2) ELSE greatest(miles1, miles2) END AS miles
  FROM route
),
timed AS (
  SELECT
    *,
    round(miles / 8.3 + 10)::INTEGER AS planned_air,
    -- delays: most flights leave a little early or on time, a third run late by minutes, a few by hours
    CASE
      WHEN u_delay_kind < 0.60 THEN -least(floor(-ln(1 - u_delay) * 4), 25)
      WHEN u_delay_kind < 0.92 THEN 1 + floor(-ln(1 - u_delay) * 18)
      ELSE least(15 + floor(-ln(1 - u_delay) * 85), 1500)
    END::INTEGER AS dep_delay
  FROM measured
),
flown AS (
  SELECT
    *,
    round((u_air_a + u_air_b - 1) * (4 + planned_air * 0.06))::INTEGER AS air_noise,
    -- schedules are padded, so arrivals make up a few minutes on average; taxi-in queues are long-tailed
    (floor(-ln(1 - u_taxi) * 8) - 12)::INTEGER AS taxi_noise
  FROM timed
)
SELECT
  (DATE '2019-01-01' + (i * 1826 // {{rows}})::INTEGER)::DATE AS FL_DATE,
  carrier::VARCHAR AS OP_CARRIER,
  (1 + hash(carrier, o, dst, CAST({{seed}} AS BIGINT)) % 6999)::INTEGER AS OP_CARRIER_FL_NUM,
  ap_code[o]::VARCHAR AS ORIGIN,
  ap_code[dst]::VARCHAR AS DEST,
  (crs_dep_min // 60 * 100 + crs_dep_min % 60)::SMALLINT AS CRS_DEP_TIME,
  CASE WHEN NOT cancelled THEN
    ((crs_dep_min + dep_delay + 14400) % 1440 // 60 * 100 + (crs_dep_min + dep_delay + 14400) % 60)::SMALLINT
  END AS DEP_TIME,
  CASE WHEN NOT cancelled THEN dep_delay::SMALLINT END AS DEP_DELAY,
  CASE WHEN NOT cancelled THEN
    ((crs_dep_min + planned_air + 25 + arr_delay + 14400) % 1440 // 60 * 100
      + (crs_dep_min + planned_air + 25 + arr_delay + 14400) % 60)::SMALLINT
  END AS ARR_TIME,
  CASE WHEN NOT cancelled THEN arr_delay::SMALLINT END AS ARR_DELAY,
  CASE WHEN NOT cancelled THEN (planned_air + air_noise)::SMALLINT END AS AIR_TIME,
  miles::SMALLINT AS DISTANCE,
  cancelled AS CANCELLED
FROM (
  SELECT *, u_cancel < 0.02 AS cancelled, dep_delay + air_noise + taxi_noise AS arr_delay FROM flown
)
