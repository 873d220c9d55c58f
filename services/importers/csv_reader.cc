#include "importers/csv_reader.h"

namespace scorecard::importers {

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  if (!std::getline(in_, buffer_)) return false;
  record_line_ = next_line_++;
  if (first_) {
    first_ = false;
    if (buffer_.rfind("\xEF\xBB\xBF", 0) == 0) buffer_.erase(0, 3);
  }
  std::string field;
  bool in_quotes = false;
  size_t i = 0;
  while (true) {
    if (i == buffer_.size()) {
      if (in_quotes) {
        // The quoted field continues on the next physical line.
        std::string more;
        if (std::getline(in_, more)) {
          ++next_line_;
          field.push_back('\n');
          buffer_ = std::move(more);
          i = 0;
          continue;
        }
      }
      break;
    }
    const char c = buffer_[i++];
    if (in_quotes) {
      if (c == '"') {
        if (i < buffer_.size() && buffer_[i] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i == buffer_.size()) {
      // CRLF line end.
    } else {
      field.push_back(c);
    }
  }
  fields.push_back(std::move(field));
  return true;
}

}  // namespace scorecard::importers
