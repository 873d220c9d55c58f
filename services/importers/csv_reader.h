#ifndef SCORECARD_IMPORTERS_CSV_READER_H_
#define SCORECARD_IMPORTERS_CSV_READER_H_

// A small RFC 4180 reader for statutory-return CSV files: comma separated,
// optional double quotes ("" inside quotes is a quote), LF or CRLF line ends,
// an optional UTF-8 byte-order mark. Reports the line each record starts on.

#include <istream>
#include <string>
#include <vector>

namespace scorecard::importers {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next record into `fields`. Returns false at end of input.
  // `line()` is then the 1-based line the record started on. A record with an
  // unterminated quote runs to the end of the file (and is reported by the
  // caller as a field-count mismatch, since it swallows later rows).
  bool Next(std::vector<std::string>& fields);
  int line() const { return record_line_; }

 private:
  std::istream& in_;
  std::string buffer_;
  int next_line_ = 1;
  int record_line_ = 0;
  bool first_ = true;
};

}  // namespace scorecard::importers

#endif  // SCORECARD_IMPORTERS_CSV_READER_H_
