#include "pipeline/model.hpp"

#include "core/errors.hpp"
#include "export/fixed_json.hpp"
#include "export/network_json.hpp"

namespace spikeforge::pipeline {

const core::EncodingInfo& Model::encoding() const { return fixed ? fixed->encoding : flt->encoding; }
int Model::inputs() const { return fixed ? fixed->inputs() : flt->inputs(); }
int Model::outputs() const { return fixed ? fixed->outputs() : flt->outputs(); }

Model model_of(core::FloatNetwork net, std::string path) {
  Model m;
  m.path = std::move(path);
  m.flt = std::make_shared<const core::FloatNetwork>(std::move(net));
  return m;
}

Model model_of(quantizer::FixedNetwork net, std::string path) {
  Model m;
  m.path = std::move(path);
  m.fixed = std::make_shared<const quantizer::FixedNetwork>(std::move(net));
  return m;
}

Model load_model(const std::string& path) {
  const std::string format = exporter::detect_format(path);
  if (format.rfind("spikeforge.network/", 0) == 0) return model_of(exporter::read_network(path), path);  // reports an unsupported version
  if (format.rfind("spikeforge.fixed/", 0) == 0) return model_of(exporter::read_fixed_network(path), path);
  throw core::InputError(path + ": format = \"" + format + "\" is not a network (expected \"" + exporter::kNetworkFormat +
                         "\" or \"" + exporter::kFixedFormat + "\")");
}

quantizer::FixedNetwork load_fixed(const std::string& path, const std::string& what) {
  const std::string tag = exporter::detect_format(path);
  if (tag != exporter::kFixedFormat)
    throw core::InputError(what + ": " + path + " has format '" + tag + "', expected '" + exporter::kFixedFormat +
                           "' (run `spikeforge quantize` first)");
  return exporter::read_fixed_network(path);
}

}  // namespace spikeforge::pipeline
