"""The demo programme: a council, its outsourcing partner and several waves of answers."""
