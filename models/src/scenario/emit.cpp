#include "emit.hpp"

#include <charconv>

namespace surgesim::scenario {

// Shortest text that reads back as the same double.
std::string num(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

void emit_distribution(YAML::Emitter& e, const engine::Distribution& d, const std::string& unit) {
  const std::string u = "_" + unit;
  using K = engine::Distribution::Kind;
  const auto p = d.parameters();
  e << YAML::Flow << YAML::BeginMap;
  switch (d.kind()) {
    case K::kConstant:
      e << YAML::Key << "dist" << YAML::Value << "constant" << YAML::Key << ("value" + u)
        << YAML::Value << num(p.a);
      break;
    case K::kExponential:
      e << YAML::Key << "dist" << YAML::Value << "exponential" << YAML::Key << ("mean" + u)
        << YAML::Value << num(p.a);
      break;
    case K::kGamma:
      e << YAML::Key << "dist" << YAML::Value << "gamma" << YAML::Key << "shape" << YAML::Value
        << num(p.a) << YAML::Key << ("scale" + u) << YAML::Value << num(p.b);
      break;
    case K::kLognormal:
      e << YAML::Key << "dist" << YAML::Value << "lognormal" << YAML::Key << ("mean" + u)
        << YAML::Value << num(p.a) << YAML::Key << ("sd" + u) << YAML::Value << num(p.b);
      break;
    case K::kWeibull:
      e << YAML::Key << "dist" << YAML::Value << "weibull" << YAML::Key << "shape" << YAML::Value
        << num(p.a) << YAML::Key << ("scale" + u) << YAML::Value << num(p.b);
      break;
    case K::kNormal:
      e << YAML::Key << "dist" << YAML::Value << "normal" << YAML::Key << ("mean" + u)
        << YAML::Value << num(p.a) << YAML::Key << ("sd" + u) << YAML::Value << num(p.b);
      break;
    case K::kUniform:
      e << YAML::Key << "dist" << YAML::Value << "uniform" << YAML::Key << ("low" + u)
        << YAML::Value << num(p.a) << YAML::Key << ("high" + u) << YAML::Value << num(p.b);
      break;
    case K::kEmpirical:
      e << YAML::Key << "dist" << YAML::Value << "empirical" << YAML::Key << ("values" + u)
        << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double v : d.values()) e << num(v);
      e << YAML::EndSeq;
      break;
  }
  e << YAML::EndMap;
}

}  // namespace surgesim::scenario
