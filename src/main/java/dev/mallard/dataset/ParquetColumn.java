package dev.mallard.dataset;

/**
 * One leaf column of a Parquet schema.
 *
 * @param path dotted path from the root; the plain name for flat files
 * @param physicalType Parquet's storage type, e.g. {@code INT32}, {@code BYTE_ARRAY}
 * @param logicalType the annotation, e.g. {@code DATE}, {@code STRING}, {@code INTEGER(16,signed)}; "-" for none
 * @param repetition {@code REQUIRED}, {@code OPTIONAL} or {@code REPEATED}
 */
public record ParquetColumn(String path, String physicalType, String logicalType, String repetition) {}
