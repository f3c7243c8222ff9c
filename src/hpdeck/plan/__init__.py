"""The slide plan: what every slide shows, where, at which size."""
